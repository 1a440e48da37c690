import { EXIT_CODES } from '../src/lib/exit-codes';
import { runPhonekit } from './support/run';

describe('phonekit (dispatch and help)', () => {
  it('prints the usage and the exit codes for --help, with exit code 0', async () => {
    const result = await runPhonekit(['--help']);
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(result.stderr).toBe('');
    for (const usage of ['phonekit alipay inspect', 'phonekit wechat decrypt', 'phonekit keys generate', 'phonekit doctor', 'phonekit db migrate', 'phonekit db rotate-key']) {
      expect(result.stdout).toContain(usage);
    }
    expect(result.stdout).toMatch(/^Exit codes:\n {2}0 {2}success\n {2}1 {2}rejected.*\n {2}2 {2}usage or configuration error.*\n {2}3 {2}internal error/m);
  });

  it.each([
    [['alipay', 'inspect', '--help'], /^Usage: phonekit alipay inspect/],
    [['wechat', 'decrypt', '-h'], /^Usage: phonekit wechat decrypt/],
    [['keys', 'generate', '--help'], /^Usage: phonekit keys generate/],
    [['doctor', '--help'], /^Usage: phonekit doctor/],
    [['help', 'doctor'], /^Usage: phonekit doctor/],
    [['db', 'migrate', '--help'], /^Usage: phonekit db migrate/],
    [['help', 'db', 'rotate-key'], /^Usage: phonekit db rotate-key/],
    [['alipay', '--help'], /^Usage:\n {2}phonekit alipay inspect/],
  ])('prints the help of `%s` on stdout', async (argv, expected) => {
    const result = await runPhonekit(argv);
    expect(result.code).toBe(EXIT_CODES.ok);
    expect(result.stdout).toMatch(expected);
    expect(result.stdout).toMatch(/Exit codes:|Run 'phonekit alipay <command> --help'/);
  });

  it('prints the usage on stderr and exits 2 for an unknown command', async () => {
    const result = await runPhonekit(['decrypt']);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^phonekit: unknown command 'decrypt'\.\n\nphonekit: inspect and decrypt/);
  });

  it('prints the group usage on stderr and exits 2 for an unknown subcommand', async () => {
    const result = await runPhonekit(['alipay', 'verify']);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toMatch(/^phonekit: unknown command 'alipay verify'\.\n\nUsage:\n {2}phonekit alipay inspect/);
  });

  it('exits 2 without a command', async () => {
    const result = await runPhonekit([]);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toMatch(/^phonekit: inspect and decrypt/);
  });

  it('exits 2 for a group word alone', async () => {
    const result = await runPhonekit(['keys']);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.stderr).toMatch(/^phonekit: 'keys' needs a command\./);
  });

  it('does not read stdin for commands that need none', async () => {
    const never = new Promise<string>(() => undefined);
    const result = await runPhonekit(['doctor', '--help'], { stdin: never });
    expect(result.code).toBe(EXIT_CODES.ok);
  });
});
