import type { Evidence } from '../../model/report.js';
import { eventEvidence, leadingEvidence, logExcerpt, nodeField, statusField } from '../evidence.js';
import { deathOf, findLines, nodeOf, str } from '../facts.js';
import { shellCommand } from '../../util/shell.js';
import { defineCause } from '../rule.js';

/**
 * `exec /usr/local/bin/app: exec format error` (runc writes it to the container log when the binary is for another
 * CPU), docker era `standard_init_linux.go:228: exec user process caused: exec format error`, or the same text in a
 * StartError message.
 */
const EXEC_FORMAT = /exec format error/i;
const EXECUTABLE = /exec:?(?: user process caused:)? ?(?:"([^"]+)"|(\/[^\s:]+))?:? exec format error/i;

interface PlatformMismatchData {
  container: string;
  image: string;
  node: string;
  nodeArchitecture: string;
  /** The executable the runtime could not run, when its message names it. */
  executable: string | undefined;
  exitCode: number | undefined;
}

export default defineCause<'exec-format-error', PlatformMismatchData>({
  id: 'image-platform-mismatch',
  title: 'Image built for another CPU architecture',
  docs: 'The container\'s binary cannot run on the node\'s CPU (`exec format error`): the image was built for another architecture (an amd64-only image on an arm64 node, or the reverse).',
  tier: 'death',
  rank: 25,
  messages: {
    'exec-format-error': '{container} cannot run {image} on the {nodeArchitecture} node {node}: exec format error (the image is built for another architecture)',
  },
  keepPatterns: [EXEC_FORMAT],
  kindOf: () => 'exec-format',
  explains: ['not-started', 'start-failed', 'exited'],
  decide({ snapshot, pod, container }, reading) {
    // The first block found decides: the termination, the waiting message, the log, the kubelet's event.
    const blocks: Evidence[] = [];
    let text: string | undefined;
    const death = deathOf(container);
    if (death && EXEC_FORMAT.test(str(death.terminated.message))) {
      text = str(death.terminated.message);
      blocks.push(statusField(pod, container, `${death.path}.message`, death.terminated.message, 'last termination'));
    }
    const waiting = container.state?.waiting;
    if (!text && EXEC_FORMAT.test(str(waiting?.message))) {
      text = str(waiting?.message);
      blocks.push(statusField(pod, container, 'state.waiting.message', waiting?.message, `waiting ${str(waiting?.reason)}`));
    }
    const log = reading.log;
    const logLine = log ? findLines(log.window, EXEC_FORMAT)[0] : undefined;
    if (log && logLine) {
      text ??= logLine.text;
      blocks.push(logExcerpt(log.window, logLine.line.number, `${log.which} log`));
    }
    const event = container.events.find((e) => e.reason === 'Failed' && EXEC_FORMAT.test(e.message));
    if (event) {
      text ??= event.message;
      blocks.push(eventEvidence(event, 'start failure'));
    }
    const evidence = leadingEvidence(blocks);
    if (!text || !evidence) return undefined;

    const node = nodeOf(snapshot, pod);
    const nodeArchitecture = str(node?.nodeInfo?.architecture) || 'unknown-architecture';
    if (node?.nodeInfo?.architecture) {
      evidence.supporting.push(nodeField(node, 'status.nodeInfo.architecture', node.nodeInfo.architecture, 'node architecture'));
    }
    const executableMatch = EXECUTABLE.exec(text);
    const image = str(container.spec.image ?? container.status?.image) || 'its image';
    return {
      messageId: 'exec-format-error',
      data: {
        container: container.name,
        image,
        node: pod.nodeName ?? 'unknown',
        nodeArchitecture,
        executable: executableMatch?.[1] ?? executableMatch?.[2],
        exitCode: death?.terminated.exitCode,
      },
      confidence: 'high',
      evidence,
      fix: {
        summary: `publish ${image} for ${nodeArchitecture === 'unknown-architecture' ? "the nodes' architecture" : `linux/${nodeArchitecture}`} (a multi-arch image), or schedule the pod only on nodes of the image's architecture`,
        steps: [
          `check the image's platforms: \`${shellCommand(['docker', 'buildx', 'imagetools', 'inspect', image])}\``,
          'build a multi-arch image: `docker buildx build --platform linux/amd64,linux/arm64 --push …`',
          'until then, pin the workload to matching nodes with a nodeSelector on kubernetes.io/arch',
          'a base image or a binary copied into the image (COPY of a prebuilt file) can be the part built for the wrong CPU',
        ],
        snippet: {
          language: 'yaml',
          code: 'spec:\n  nodeSelector:\n    kubernetes.io/arch: amd64   # the architecture the image is built for',
        },
        owner: 'application',
      },
    };
  },
});
