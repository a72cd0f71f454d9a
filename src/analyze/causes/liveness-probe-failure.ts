import { probeKillMatch, type ProbeKillData, type ProbeKillMessage } from '../probe-kill.js';
import { PROBE_KEEP_PATTERNS } from '../probes.js';
import { defineCause } from '../rule.js';

export default defineCause<ProbeKillMessage, ProbeKillData>({
  id: 'liveness-probe-failure',
  title: 'Killed by its liveness probe',
  docs: 'The kubelet restarted the container because its liveness probe failed (`Killing` … `failed liveness probe, will be restarted`, or `Unhealthy` liveness events and exit 137/143 without OOMKilled). Says whether the probe got an HTTP error, a timeout or a refused connection, and compares the probe budget with the boot time.',
  tier: 'death',
  rank: 50,
  messages: {
    'slow-boot': '{container} was killed by its liveness probe before it finished booting: it needs {bootTime}, the probe allows {budget}',
    'failed-while-running': '{container} was killed by its liveness probe ({failureText}) after running {ranFor}',
    'wrong-endpoint': '{container} was killed by its liveness probe: {handler} answers HTTP 404',
    killed: '{container} was killed by its liveness probe ({failureText})',
  },
  keepPatterns: PROBE_KEEP_PATTERNS,
  explains: ['probe-killed'],
  decide: (context, reading) => probeKillMatch('liveness', context, reading),
});
