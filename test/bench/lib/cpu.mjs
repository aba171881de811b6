// CPU time of the processes sharing the machine during a measure (Linux /proc): the API child,
// every PostgreSQL process (other users of the shared server included) and this load generator.
import * as fs from 'node:fs';

const TICK_MS = 10; // USER_HZ = 100 on Linux

function procCpuMs(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

function postgresCpuMs() {
  let total = 0;
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (fs.readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'postgres') total += procCpuMs(d);
    } catch {
      // gone
    }
  }
  return total;
}

export function cpuSnapshot(apiPid) {
  const me = process.cpuUsage();
  return { api: apiPid ? procCpuMs(apiPid) : 0, postgres: postgresCpuMs(), client: (me.user + me.system) / 1000, at: Date.now() };
}

/** CPU ms per operation of each process between two snapshots (postgres backends that ended are missed). */
export function cpuPerOp(a, b, ops) {
  if (!ops) return null;
  const per = (k) => Math.round(((b[k] - a[k]) / ops) * 100) / 100;
  return { apiMs: per('api'), postgresMs: per('postgres'), clientMs: per('client'), wallSeconds: (b.at - a.at) / 1000 };
}
