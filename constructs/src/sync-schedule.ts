/**
 * When the pipeline should run the LDAP sync again (Meeting Management's "sync on a schedule":
 * days of the week and a time). Terraform has no scheduler, so the schedule is handed to the
 * pipeline as a Terraform output with a cron expression and the resource to replace.
 */
import { Weekday } from './types';

const CRON_DAY: Record<Weekday, number> = {
  [Weekday.SUNDAY]: 0,
  [Weekday.MONDAY]: 1,
  [Weekday.TUESDAY]: 2,
  [Weekday.WEDNESDAY]: 3,
  [Weekday.THURSDAY]: 4,
  [Weekday.FRIDAY]: 5,
  [Weekday.SATURDAY]: 6,
};

export class SyncSchedule {
  /** Every day at `time` (`HH:MM`, 24-hour, in the time zone the pipeline's scheduler uses). */
  public static daily(time: string): SyncSchedule {
    return new SyncSchedule(Object.values(Weekday), time);
  }

  /** On the given days at `time` (`HH:MM`, 24-hour). */
  public static weekly(days: Weekday[], time: string): SyncSchedule {
    if (days.length === 0) throw new Error('SyncSchedule.weekly needs at least one day.');
    return new SyncSchedule(days, time);
  }

  /** The days, Monday first, each once. */
  public readonly days: readonly Weekday[];
  /** `HH:MM`, 24-hour. */
  public readonly time: string;
  /** The schedule as a cron expression (minute hour * * days), for the pipeline's scheduler. */
  public readonly cron: string;

  private constructor(days: readonly Weekday[], time: string) {
    const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
    if (!m) throw new Error(`SyncSchedule time must be HH:MM (24-hour), such as 02:30; got ${JSON.stringify(time)}.`);
    const order = Object.values(Weekday);
    this.days = order.filter((d) => days.includes(d));
    this.time = time;
    const cronDays = this.days.length === 7 ? '*' : this.days.map((d) => CRON_DAY[d]).sort((a, b) => a - b).join(',');
    this.cron = `${Number(m[2])} ${Number(m[1])} * * ${cronDays}`;
  }
}
