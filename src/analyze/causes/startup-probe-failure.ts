import { probeKillMatch, type ProbeKillData, type ProbeKillMessage } from '../probe-kill.js';
import { PROBE_KEEP_PATTERNS } from '../probes.js';
import { defineCause } from '../rule.js';

export default defineCause<ProbeKillMessage, ProbeKillData>({
  id: 'startup-probe-failure',
  title: 'Killed by its startup probe',
  docs: 'The kubelet restarted the container because its startup probe did not succeed within failureThreshold × periodSeconds (`Killing` … `failed startup probe, will be restarted`). Compares that budget with how long the app needs to boot.',
  tier: 'death',
  rank: 50,
  messages: {
    'slow-boot': '{container} was killed by its startup probe: it needs {bootTime} to boot, the probe allows {budget}',
    'failed-while-running': '{container} was killed by its startup probe ({failureText}) after {ranFor}',
    'wrong-endpoint': '{container} was killed by its startup probe: {handler} answers HTTP 404',
    killed: '{container} was killed by its startup probe ({failureText}) after {ranFor}',
  },
  keepPatterns: PROBE_KEEP_PATTERNS,
  kindOf: () => 'budget',
  explains: ['probe-killed'],
  decide: (context, reading) => probeKillMatch('startup', context, reading),
});
