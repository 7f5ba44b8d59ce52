/**
 * The SDK clients the lookup tests hand to `lookupFacts`/`runLookup`: the real AWS SDK v3 clients,
 * pointed explicitly at the moto_server endpoint with fake credentials.
 *
 * moto 5.2 answers STS AssumeRole, every KMS call lookup makes, Organizations DescribeOrganization,
 * ListAccounts and ListParents, and Backup DescribeBackupVault. It does not implement Backup
 * GetBackupVaultAccessPolicy, DescribeGlobalSettings, DescribeRegionSettings, nor Organizations
 * DescribeEffectivePolicy (it answers them with an HTML 404 page; checked with moto 5.2.1), and it
 * does not enforce IAM unless the whole server runs in its authentication mode (which the shared
 * server of `.ci/run` does not). Those calls, and the AccessDenied answers, come from
 * `aws-sdk-client-mock` on a second client instance; everything else goes to moto.
 */
import * as backup from '@aws-sdk/client-backup';
import * as kms from '@aws-sdk/client-kms';
import * as organizations from '@aws-sdk/client-organizations';
import * as sts from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { FAKE_CREDENTIALS } from './moto';
import { AwsCredentials, LookupClients, sdkClients } from '../../src/facts/lookup';

type Service = 'sts' | 'kms' | 'backup' | 'organizations';

/** The answer of a call moto lacks, for the account that makes it. */
export type Fake = (account: string, input: any) => Promise<any>;

export interface EmulatorOptions {
  readonly endpoint: string;
  /** Answers for the calls moto does not implement, by command name (`GetBackupVaultAccessPolicy`, ...). */
  readonly fakes?: { readonly [command: string]: Fake };
  /** Calls answered with AccessDeniedException: `<account> <Command>` (e.g. `222222222222 GetKeyPolicy`, `* AssumeRole`). */
  readonly denied?: readonly string[];
}

/** An AWS error as the SDK raises it. */
export function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

const MODULES: Record<Service, any> = { sts, kms, backup, organizations };
const CLASSES: Record<Service, string> = { sts: 'STSClient', kms: 'KMSClient', backup: 'BackupClient', organizations: 'OrganizationsClient' };

/** Lookup clients over moto, plus fakes and denials (see the file comment). Records every call as `<account> <Command>`. */
export function emulatorClients(options: EmulatorOptions): LookupClients & { readonly calls: string[] } {
  const accountOfKey = new Map<string, string>();
  const calls: string[] = [];
  const commands = sdkClients().command;
  return {
    calls,
    command: commands,
    client: (service: Service, region: string, credentials?: AwsCredentials) => {
      const Client = MODULES[service][CLASSES[service]];
      const config = { region, endpoint: options.endpoint, credentials: credentials ?? FAKE_CREDENTIALS, maxAttempts: 1 };
      const real = new Client(config);
      const account = credentials ? accountOfKey.get(credentials.accessKeyId) ?? 'unknown' : 'current';
      return {
        async send(command: any) {
          const name = String(command.constructor.name).replace(/Command$/, '');
          calls.push(`${account} ${name}`);
          const roleAccount = name === 'AssumeRole' ? String(command.input.RoleArn).split(':')[4] : undefined;
          const denied = options.denied?.some((d) => d === `${roleAccount ?? account} ${name}` || d === `* ${name}`);
          const fake = options.fakes?.[name];
          if (denied || fake) {
            const mocked = new Client(config);
            const mock = mockClient(mocked);
            const Command = MODULES[service][`${name}Command`];
            if (denied) mock.on(Command).rejects(awsError('AccessDeniedException', `User is not authorized to perform: ${service}:${name}`));
            else mock.on(Command).callsFake((input: unknown) => fake!(account, input));
            return mocked.send(command);
          }
          const out = await real.send(command);
          if (name === 'AssumeRole' && out.Credentials) accountOfKey.set(out.Credentials.AccessKeyId, roleAccount!);
          return out;
        },
      };
    },
  };
}
