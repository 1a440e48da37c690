import { generateAlipaySandboxKeys } from '@phonekit/sandbox';
import type { SandboxState } from './config';

/** Fresh sandbox keys for one server run (Alipay's side: generated, never real). */
export function generateSandboxState(): SandboxState {
  return { alipay: generateAlipaySandboxKeys() };
}
