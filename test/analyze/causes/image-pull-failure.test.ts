import { expect } from 'vitest';
import rule from '../../../src/analyze/causes/image-pull-failure.js';
import { container, event, node, pod, running, snapshot } from '../fixtures.js';
import { testCause } from '../rule-tester.js';

function pulling(reason: string, message: string | undefined, events: string[] = [], image = 'docker.io/acme/shop-api:1.9.3', pullSecrets?: string[]) {
  const p = pod({ name: 'api-1', deployment: 'api', containers: [{ name: 'api', image, status: { restartCount: 0, state: { waiting: { reason, ...(message ? { message } : {}) } } } }] });
  if (pullSecrets) (p['spec'] as Record<string, unknown>)['imagePullSecrets'] = pullSecrets.map((name) => ({ name }));
  return snapshot({
    nodes: [node({ name: 'node-1', architecture: 'arm64' })],
    pods: [p],
    events: events.map((message, i) => event({ pod: 'api-1', container: 'api', reason: 'Failed', message, count: 3 + i })),
  });
}

const REF = 'docker.io/acme/shop-api:1.9.3';

testCause(rule, {
  fires: [
    {
      name: 'tag not found (containerd wording in the Failed event)',
      snapshot: pulling('ImagePullBackOff', `Back-off pulling image "${REF}"`, [
        `Failed to pull image "${REF}": rpc error: code = NotFound desc = failed to pull and unpack image "${REF}": failed to resolve reference "${REF}": ${REF}: not found`,
      ]),
      messageId: 'not-found',
      data: { image: REF, registry: 'docker.io', waitingReason: 'ImagePullBackOff' },
      confidence: 'high',
      verify: (match) => expect(match.evidence.primary).toMatchObject({ kind: 'event', reason: 'Failed' }),
    },
    {
      name: 'newer kubelets append the pull error to the back-off message (no event needed)',
      snapshot: pulling('ImagePullBackOff', `Back-off pulling image "${REF}": ErrImagePull: failed to pull and unpack image "${REF}": failed to resolve reference "${REF}": unexpected status from HEAD request to https://registry-1.docker.io/v2/acme/shop-api/manifests/1.9.3: manifest unknown`),
      messageId: 'not-found',
    },
    {
      // Docker Hub gives one answer for a private, a misspelt and a never-pushed repository (issue 9): the finding says
      // so and puts the pull secret last, instead of asserting a missing secret.
      name: 'Docker Hub denial without credentials: ambiguous (private, misspelt or never pushed)',
      snapshot: pulling('ErrImagePull', 'pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed', [], REF, []),
      messageId: 'denied-ambiguous',
      data: { imagePullSecrets: [] },
      verify: (match) => {
        expect(match.kind).toBe('denied-ambiguous');
        expect(match.fix.steps[0]).toContain('docker manifest inspect docker.io/acme/shop-api:1.9.3');
        expect(match.fix.steps.at(-1)).toContain('imagePullSecret');
      },
    },
    {
      name: '401 Unauthorized from a private registry',
      snapshot: pulling('ErrImagePull', 'failed to pull and unpack image "registry.example.com/shop/api:1": failed to resolve reference "registry.example.com/shop/api:1": failed to authorize: failed to fetch anonymous token: unexpected status: 401 Unauthorized', [], 'registry.example.com/shop/api:1'),
      messageId: 'auth',
      data: { registry: 'registry.example.com' },
    },
    {
      name: 'Docker Hub rate limit',
      snapshot: pulling('ErrImagePull', 'rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/nginx:1.27": failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/library/nginx/manifests/sha256:abc: 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit.', [], 'nginx:1.27'),
      messageId: 'rate-limit',
      data: { registry: 'docker.io' },
    },
    {
      name: 'no variant for the node platform is a pull problem, not an exec one',
      snapshot: pulling('ErrImagePull', `failed to pull and unpack image "${REF}": no match for platform in manifest: not found`),
      messageId: 'platform',
      data: { nodeArchitecture: 'arm64' },
    },
    {
      name: 'TLS: the real troubleshoot fixture text (x509 not valid for any names)',
      snapshot: pulling('ErrImagePull', 'rpc error: code = Unknown desc = Error response from daemon: Get "https://noimage.com/v2/": x509: certificate is not valid for any names, but wanted to match noimage.com', [], 'noimage.com/no-such-image'),
      messageId: 'tls',
      data: { registry: 'noimage.com' },
    },
    {
      name: 'DNS failure reaching the registry',
      snapshot: pulling('ImagePullBackOff', 'Back-off pulling image "regsitry.example.com/shop/api:1"', ['Failed to pull image "regsitry.example.com/shop/api:1": rpc error: code = Unknown desc = failed to pull and unpack image: failed to resolve reference: failed to do request: Head "https://regsitry.example.com/v2/shop/api/manifests/1": dial tcp: lookup regsitry.example.com on 10.0.0.2:53: no such host'], 'regsitry.example.com/shop/api:1'),
      messageId: 'network',
      data: { registry: 'regsitry.example.com' },
    },
    { name: 'InvalidImageName', snapshot: pulling('InvalidImageName', 'Failed to apply default image tag "Shop/API:1": couldn\'t parse image reference "Shop/API:1": invalid reference format: repository name must be lowercase', [], 'Shop/API:1'), messageId: 'invalid-name' },
    { name: 'ErrImageNeverPull', snapshot: pulling('ErrImageNeverPull', `Container image "${REF}" is not present with pull policy of Never`), messageId: 'never-pull' },
    { name: 'older kubelets: ImagePullBackOff with only the back-off text', snapshot: pulling('ImagePullBackOff', `Back-off pulling image "${REF}"`), messageId: 'unclear', confidence: 'medium' },
  ],
  quiet: [
    { name: 'a healthy workload', snapshot: snapshot({ pods: [pod({ name: 'a-1', deployment: 'a', containers: [container('a', running(0))] })] }) },
    {
      name: 'an old pull failure event for a container that is now running',
      snapshot: snapshot({
        pods: [pod({ name: 'a-1', deployment: 'a', containers: [container('a', running(0))] })],
        events: [event({ pod: 'a-1', container: 'a', reason: 'Failed', message: 'Failed to pull image "x": 429 Too Many Requests' })],
      }),
    },
  ],
});
