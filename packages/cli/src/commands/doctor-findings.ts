/** What `phonekit doctor` reports: one finding per line, shared by its phone-key and login checks. */

export const FINDING_STATUSES = ['ok', 'problem', 'note'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export const DOCTOR_CHECKS = ['config', 'public-key', 'aes-key', 'sign-type', 'allow-unsigned', 'login', 'app-private-key', 'app-cert', 'root-cert'] as const;
export type DoctorCheck = (typeof DOCTOR_CHECKS)[number];

export interface Finding {
  /** Which app: its appId, or where it was configured. */
  readonly app: string;
  readonly check: DoctorCheck;
  /** The setting the finding is about, as the user named it: `--aes-key`, `ALIPAY_AES_KEY`, `alipay.apps[0].aesKey`. */
  readonly setting: string | null;
  readonly status: FindingStatus;
  readonly message: string;
}

export const MARKS: Readonly<Record<FindingStatus, string>> = { ok: '✔', problem: '✘', note: 'ℹ' };

export const CHECK_LABELS: Readonly<Record<DoctorCheck, string>> = {
  config: 'config',
  'public-key': 'public key',
  'aes-key': 'AES key',
  'sign-type': 'sign type',
  'allow-unsigned': 'unsigned payloads',
  login: 'login',
  'app-private-key': 'app private key',
  'app-cert': 'app certificate',
  'root-cert': 'root certificate',
};

/** One value to check, with the name the user knows it by (`--aes-key`, `ALIPAY_AES_KEY`, `alipay.apps[0].aesKey`). */
export interface Setting<T> {
  readonly value: T;
  readonly name: string;
}

export function setting<T>(value: T | undefined, name: string): Setting<T> | undefined {
  return value === undefined ? undefined : { value, name };
}

export function isBlank(value: Setting<string> | undefined): boolean {
  return value === undefined || value.value.trim() === '';
}

export class FindingList {
  readonly items: Finding[] = [];
  constructor(private readonly app: string) {}
  add(check: DoctorCheck, setting: string | null, status: FindingStatus, message: string): void {
    this.items.push({ app: this.app, check, setting, status, message });
  }
}

export const CERTIFICATE_WARNING_DAYS = 30;
export const DAY_MS = 24 * 60 * 60 * 1000;
