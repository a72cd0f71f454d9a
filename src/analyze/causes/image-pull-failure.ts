import type { Evidence } from '../../model/report.js';
import type { EventView } from '../../model/snapshot.js';
import { eventEvidence, statusField } from '../evidence.js';
import type { ContainerView, PodView } from '../../model/snapshot.js';
import { shellCommand, shellQuote } from '../../util/shell.js';
import { clip, latestEvent, str } from '../facts.js';
import { defineCause } from '../rule.js';

const PULL_REASONS = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
  'RegistryUnavailable',
  'SignatureValidationFailed',
  'ImageInspectError',
]);

type PullProblem = 'not-found' | 'auth' | 'rate-limit' | 'platform' | 'tls' | 'network' | 'invalid-name' | 'never-pull' | 'signature' | 'unclear';

/** Pull-error substrings (k8s-facts §4.3), most specific first: `no match for platform in manifest: not found` is a platform problem. */
const PROBLEMS: Array<{ problem: PullProblem; pattern: RegExp }> = [
  { problem: 'platform', pattern: /no match for platform in manifest|no matching manifest for [\w/]+ in the manifest list|no image found in manifest list for architecture|image with reference .* was found but does not match the specified platform/i },
  { problem: 'rate-limit', pattern: /toomanyrequests|429 Too Many Requests|pull rate limit/i },
  { problem: 'auth', pattern: /pull access denied|401 Unauthorized|unauthorized|authorization failed|failed to fetch anonymous token|no basic auth credentials|403 Forbidden|denied: /i },
  { problem: 'tls', pattern: /x509:|tls: failed to verify certificate|certificate signed by unknown authority/i },
  { problem: 'network', pattern: /no such host|i\/o timeout|dial tcp|connection refused|context deadline exceeded|TLS handshake timeout|network is unreachable|registry is unavailable/i },
  { problem: 'not-found', pattern: /manifest unknown|: not found|NotFound|not found: manifest|repository does not exist|name unknown/i },
  { problem: 'invalid-name', pattern: /invalid reference format|Failed to apply default image tag/i },
  { problem: 'never-pull', pattern: /is not present with pull policy of Never/i },
  { problem: 'signature', pattern: /signature/i },
];

type Message = PullProblem | 'denied-ambiguous';

interface ImagePullData {
  container: string;
  image: string;
  registry: string;
  waitingReason: string;
  problem: Message;
  /** The registry's words, from the pull event or the waiting message. */
  pullError: string | undefined;
  imagePullSecrets: string[];
  pullFailures: number | undefined;
  /** denied-ambiguous: what most likely went wrong. */
  likely?: string;
  nodeArchitecture?: string;
}

export default defineCause<Message, ImagePullData>({
  id: 'image-pull-failure',
  title: 'The image cannot be pulled',
  docs: 'The container never starts because its image cannot be pulled (`ErrImagePull`, `ImagePullBackOff`, `InvalidImageName`, `ErrImageNeverPull`), with the underlying reason from the waiting message and `Failed to pull image` events: not found, authentication, rate limit, platform, TLS, network.',
  tier: 'death',
  rank: 20,
  messages: {
    'not-found': '{container} cannot pull {image}: the tag or repository does not exist',
    auth: '{container} cannot pull {image}: the registry refused access (missing or wrong imagePullSecrets, or a private/misspelt repository)',
    'rate-limit': '{container} cannot pull {image}: the registry rate-limited the node (429 Too Many Requests)',
    platform: '{container} cannot pull {image}: it has no variant for the node\'s platform ({nodeArchitecture})',
    tls: '{container} cannot pull {image}: the registry\'s TLS certificate is not trusted',
    network: '{container} cannot pull {image}: the registry {registry} is unreachable from the node',
    'invalid-name': '{container} cannot pull {image}: the image reference is not valid',
    'never-pull': '{container} cannot start {image}: imagePullPolicy is Never and the image is not on the node',
    signature: '{container} cannot pull {image}: its signature did not validate',
    unclear: '{container} cannot pull {image} ({waitingReason})',
    'denied-ambiguous': '{container} cannot pull {image}: Docker Hub answers that the repository does not exist or needs a login; {likely}',
  },
  keepPatterns: [],
  kindOf: ({ messageId }) => (messageId === 'unclear' ? undefined : messageId === 'signature' ? 'auth' : messageId),
  explains: ['not-started'],
  decide({ snapshot, pod, container }) {
    const waiting = container.state?.waiting;
    const waitingReason = str(waiting?.reason);
    const pullEvent = latestEvent(container.events, (e) => /^Failed to pull image/i.test(e.message) || e.reason === 'ErrImageNeverPull');
    if (!PULL_REASONS.has(waitingReason)) return undefined;

    const texts: Array<{ text: string; evidence: Evidence }> = [];
    if (str(waiting?.message)) {
      texts.push({ text: str(waiting?.message), evidence: statusField(pod, container, 'state.waiting.message', waiting?.message, `waiting ${waitingReason}`) });
    }
    if (pullEvent) texts.push({ text: pullEvent.message, evidence: eventEvidence(pullEvent, 'pull failure') });
    const classified = texts.map((entry) => ({ ...entry, problem: classify(entry.text) }));
    // The event carries the registry's own words; older kubelets' ImagePullBackOff message says only "Back-off pulling image".
    const decisive = classified.find((entry) => entry.problem !== undefined && entry.evidence.kind === 'event') ?? classified.find((entry) => entry.problem !== undefined);
    const problem: PullProblem = waitingReason === 'InvalidImageName' ? 'invalid-name' : waitingReason === 'ErrImageNeverPull' ? 'never-pull' : (decisive?.problem ?? 'unclear');

    // The text that names the problem decides; without one, the waiting reason does.
    const reasonBlock = statusField(pod, container, 'state.waiting.reason', waitingReason, 'waiting reason');
    const primary = decisive?.evidence ?? reasonBlock;
    const evidence = { primary, supporting: [reasonBlock, ...classified.map((entry) => entry.evidence)].filter((block) => block !== primary) };
    const secretEvent = pod.events.find((e) => e.reason === 'FailedToRetrieveImagePullSecret');
    if (secretEvent) evidence.supporting.push(eventEvidence(secretEvent, 'pull secret missing'));

    const image = str(container.spec.image ?? container.status?.image) || 'its image';
    const node = pod.nodeName ? snapshot.nodes.find((n) => n.name === pod.nodeName) : undefined;
    const ambiguity = problem === 'auth' && decisive && DOCKER_HUB_AMBIGUOUS.test(decisive.text) ? weighDockerHubDenial(pod, container, image) : undefined;
    if (ambiguity && decisive) {
      return {
        messageId: 'denied-ambiguous',
        kind: 'denied-ambiguous',
        data: {
          container: container.name,
          image,
          registry: registryOf(image),
          waitingReason,
          problem: 'denied-ambiguous',
          likely: ambiguity.likely,
          pullError: clip(decisive.text, 300),
          imagePullSecrets: ambiguity.secrets,
          pullFailures: pullEvent?.count,
        },
        confidence: 'medium',
        evidence,
        fix: { summary: ambiguity.summary, steps: ambiguity.steps, owner: 'application' },
      };
    }
    return {
      messageId: problem,
      data: {
        container: container.name,
        image,
        registry: registryOf(image),
        waitingReason,
        problem,
        pullError: decisive ? clip(decisive.text, 300) : undefined,
        nodeArchitecture: str(node?.nodeInfo?.architecture) || 'unknown',
        imagePullSecrets: (pod.object.spec?.imagePullSecrets ?? []).map((s) => str(s.name)),
        pullFailures: pullEvent?.count,
      },
      confidence: problem === 'unclear' ? 'medium' : 'high',
      evidence,
      fix: pullFix(problem, image, secretEvent),
    };
  },
});

/** Docker Hub's one answer for a missing, misspelt, private or never-pushed (locally built) repository. */
const DOCKER_HUB_AMBIGUOUS = /pull access denied for [^,]+, repository does not exist or may require 'docker login'|repository does not exist or may require authorization/i;

/** Node names of the local clusters where images are built on the host and must be loaded into the cluster. */
const LOCAL_CLUSTER_NODE = /^(?:minikube(?:-m\d+)?|kind-[\w-]+|docker-desktop|desktop-[\w-]+|k3d-[\w-]+|rancher-desktop|colima|orbstack)$/;

/**
 * Weighs Docker Hub's "pull access denied … may require 'docker login'" before calling it a missing pull secret: a
 * locally built image (no registry or namespace, a local cluster, IfNotPresent/Never), a pod that already has pull
 * secrets, or else most likely a misspelt or private repository.
 */
function weighDockerHubDenial(pod: PodView, container: ContainerView, image: string) {
  const secrets = (pod.object.spec?.imagePullSecrets ?? []).map((s) => str(s.name)).filter(Boolean);
  const repository = image.replace(/^docker\.io\//, '').replace(/[:@].*$/, '');
  const bare = !repository.includes('/') || repository.startsWith('library/');
  const localNode = LOCAL_CLUSTER_NODE.test(pod.nodeName ?? '');
  const policy = str(container.spec.imagePullPolicy);
  const name = shellQuote(image);
  const loadSteps = [
    `load the image into the cluster's nodes: \`kind load docker-image ${name}\` or \`minikube image load ${name}\` (or build it inside minikube: \`eval $(minikube docker-env)\`), or push it to a registry the nodes can reach`,
    'then set imagePullPolicy: IfNotPresent (or Never) so the kubelet uses the loaded image instead of asking Docker Hub',
  ];
  const typoStep = `check the repository name on Docker Hub letter by letter: \`docker manifest inspect ${name}\` answers the same way for a typo as for a private repository`;
  const secretStep = secrets.length > 0
    ? `the pod already names pull secret${secrets.length > 1 ? 's' : ''} ${secrets.join(', ')}: check it holds credentials for docker.io (https://index.docker.io/v1/) with access to this repository`
    : 'only if the repository is private: add an imagePullSecret for docker.io to the pod or its ServiceAccount';
  if (localNode || (bare && !repository.startsWith('library/') && (policy === 'IfNotPresent' || policy === 'Never'))) {
    return {
      likely: `${image} looks built locally${localNode ? ` (node ${pod.nodeName ?? ''} is a local cluster)` : ''} and was never pushed: load it into the cluster`,
      summary: `${image} is not on Docker Hub: load the locally built image into the cluster (or push it), rather than adding a pull secret`,
      steps: [...loadSteps, typoStep],
      secrets,
    };
  }
  if (secrets.length > 0) {
    return {
      likely: 'the pod has pull secrets, so the repository name or the secret\'s access is wrong',
      summary: `check the repository name of ${image} and that the pull secret grants access to it`,
      steps: [typoStep, secretStep],
      secrets,
    };
  }
  return {
    likely: 'most often a misspelt or never-pushed repository; a private one needs a pull secret',
    summary: `check that ${image} exists on Docker Hub under that exact name (a typo gives this answer too); add a pull secret only if it is private`,
    steps: [typoStep, 'check the tag was pushed (CI may have failed before pushing)', secretStep],
    secrets,
  };
}

function classify(text: string): PullProblem | undefined {
  return PROBLEMS.find(({ pattern }) => pattern.test(text))?.problem;
}

/** `docker.io/library/x:1` → `docker.io`; `nginx` → `docker.io`; `ghcr.io/o/x` → `ghcr.io`. */
function registryOf(image: string): string {
  const first = image.split('/')[0] ?? '';
  return image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : 'docker.io';
}

function pullFix(problem: PullProblem, image: string, secretEvent: EventView | undefined) {
  const steps: Record<PullProblem, string[]> = {
    'not-found': [`check the image name and tag exist: \`${shellCommand(['docker', 'manifest', 'inspect', image])}\``, 'fix the tag in the workload (a typo, or a tag that was never pushed by CI)'],
    auth: [
      'add an imagePullSecret for the registry to the pod (or its ServiceAccount)',
      secretEvent ? 'the pull secret the pod names does not exist in its namespace: create it' : 'check the secret holds valid credentials for that registry host',
      'a misspelt repository name gives the same "pull access denied" answer',
    ],
    'rate-limit': ['authenticate pulls (an imagePullSecret for Docker Hub) or mirror the image to your own registry', 'use imagePullPolicy IfNotPresent with a pinned tag so nodes do not re-pull'],
    platform: [`publish ${image} for the node's architecture (a multi-arch image), or pin the pod to matching nodes with a nodeSelector on kubernetes.io/arch`],
    tls: ['the node does not trust the registry certificate: use a certificate from a trusted CA, or ask the platform team to add the CA to the nodes\' container runtime'],
    network: ['check the registry host name in the image reference', 'if the name is right, the node cannot reach the registry (DNS, proxy, firewall): hand that part to the platform team'],
    'invalid-name': ['fix the image reference: lowercase repository, `name:tag` or `name@sha256:…`, no spaces or empty variables'],
    'never-pull': ['set imagePullPolicy to IfNotPresent, or preload the image on every node'],
    signature: ['use an image signed with a key the cluster policy trusts'],
    unclear: ['read the `Failed to pull image` events (`kubectl describe pod`) for the registry\'s answer'],
  };
  return {
    summary: problem === 'not-found' ? `fix the image reference: ${image} does not exist` : problem === 'auth' ? 'give the pod credentials for the registry (imagePullSecrets), or fix the repository name' : `make ${image} pullable from the node`,
    steps: steps[problem],
    ...(problem === 'auth'
      ? { snippet: { language: 'yaml' as const, code: 'spec:\n  imagePullSecrets:\n    - name: regcred   # kubectl create secret docker-registry regcred --docker-server=… -n <namespace>' } }
      : {}),
    owner: 'application' as const,
  };
}
