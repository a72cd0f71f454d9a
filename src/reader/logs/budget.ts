/**
 * What one read may keep of logs in total, whatever the number of containers: a log that comes when the budget is
 * spent keeps a minimum (its last lines, where a container's death is), and the report says how many did.
 */
export class KeepBudget {
  used = 0;
  /** Logs that got less than they wanted because the budget was spent. */
  squeezed = 0;

  constructor(readonly limit: number) {}

  /** How many bytes the next log may keep: what it wants while the budget lasts, then at least `minimum`. */
  grant(wanted: number, minimum: number): number {
    const room = this.limit - this.used;
    if (room >= wanted) return wanted;
    this.squeezed++;
    return Math.max(minimum, Math.min(wanted, room));
  }
}

/** The budgets of one read: raw bytes of logs read before their pods, and the windows of logs read line by line. */
export interface ReadBudgets {
  deferred: KeepBudget;
  windows: KeepBudget;
}

export const unlimitedBudgets = (): ReadBudgets => ({ deferred: new KeepBudget(Number.POSITIVE_INFINITY), windows: new KeepBudget(Number.POSITIVE_INFINITY) });
