import { Lazy, Token } from 'aws-cdk-lib';
import {
  validateAccountId,
  validateAccountList,
  validateAtLeastOne,
  validateList,
  validateNotDefaultVaultName,
  validateOrganizationalUnitPath,
  validateOrganizationalUnitPathInOrganization,
  validateOrganizationId,
} from '../../src/private/validate';

const token = Lazy.string({ produce: () => 'x' });

describe('validateAccountId', () => {
  test.each(['123456789012', '000000000001'])('accepts %s', (id) => {
    expect(() => validateAccountId(id, 'acct')).not.toThrow();
  });
  test.each(['12345678901', '1234567890123', '1234-5678-9012', 'arn:aws:iam::123456789012:root', '12345678901a', ''])(
    'refuses %j and names the value and the fix',
    (id) => {
      expect(() => validateAccountId(id, 'sourceAccounts[0]')).toThrow(
        new RegExp(`^sourceAccounts\\[0\\]: '${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}' is not an AWS account id\\. Use the 12-digit`),
      );
    },
  );
  test('leaves tokens alone', () => {
    expect(() => validateAccountId(token, 'acct')).not.toThrow();
    expect(() => validateAccountId(Token.asString({ Ref: 'AccountParam' }), 'acct')).not.toThrow();
  });
});

describe('validateOrganizationId', () => {
  test.each(['o-a1b2c3d4e5', 'o-abcdefghij', `o-${'a'.repeat(32)}`])('accepts %s', (id) => {
    expect(() => validateOrganizationId(id, 'org')).not.toThrow();
  });
  test.each(['o-a1b2c3d4', 'o-A1B2C3D4E5', `o-${'a'.repeat(33)}`, 'r-ab12', 'ou-ab12-11111111', 'a1b2c3d4e5', 'o_a1b2c3d4e5'])(
    'refuses %s',
    (id) => {
      expect(() => validateOrganizationId(id, 'sourceOrganizationId')).toThrow(
        `sourceOrganizationId: '${id}' is not an AWS Organizations organization id. It must match ^o-[a-z0-9]{10,32}$`,
      );
    },
  );
  test('leaves tokens alone', () => {
    expect(() => validateOrganizationId(token, 'org')).not.toThrow();
  });
});

describe('validateOrganizationalUnitPath', () => {
  test.each([
    ['o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-def0-awsbbbbb/', 'o-a1b2c3d4e5'],
    ['o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-def0-awsbbbbb/ou-jkl0-awsddddd/*', 'o-a1b2c3d4e5'],
    ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/', 'o-a1b2c3d4e5'],
    ['o-abcdefghij/r-ab12/ou-ab12-11111111/*', 'o-abcdefghij'],
  ])('accepts %s and returns its organization', (path, org) => {
    expect(validateOrganizationalUnitPath(path, 'p')).toBe(org);
  });

  test.each([
    ['o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-def0-awsbbbbb', "It must end with '/'"],
    ['ou-def0-awsbbbbb', 'not a bare OU id'],
    ['o-a1b2c3d4e5/*', 'It names no OU'],
    ['o-a1b2c3d4e5/r-f6g7h8i9j0example/', 'It names no OU'],
    ['o-a1b2c3d4e5/ou-def0-awsbbbbb/', 'Check each part'],
    ['o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-def0-awsbbbbb/*/', 'Check each part'],
    ['O-A1B2C3D4E5/r-f6g7/ou-def0-awsbbbbb/', 'Check each part'],
    ['o-a1b2c3d4e5/r-f6g7h8i9j0example/ou-def0-aws/', 'Check each part'],
  ])('refuses %s with a hint (%s)', (path, hint) => {
    expect(() => validateOrganizationalUnitPath(path, 'sourceOrganizationalUnitPaths[0]')).toThrow(
      `sourceOrganizationalUnitPaths[0]: '${path}' is not an organizational unit path.`,
    );
    expect(() => validateOrganizationalUnitPath(path, 'x')).toThrow(hint);
  });

  test('leaves tokens alone and returns no organization', () => {
    expect(validateOrganizationalUnitPath(token, 'p')).toBeUndefined();
  });
});

describe('validateOrganizationalUnitPathInOrganization', () => {
  test('accepts a path of the organization', () => {
    expect(() =>
      validateOrganizationalUnitPathInOrganization('o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/', 'o-a1b2c3d4e5', 'p'),
    ).not.toThrow();
  });
  test('refuses a path of another organization, also one whose id only starts the same', () => {
    expect(() =>
      validateOrganizationalUnitPathInOrganization('o-zzzzzzzzzz/r-ab12/ou-ab12-11111111/', 'o-a1b2c3d4e5', 'p'),
    ).toThrow("p: 'o-zzzzzzzzzz/r-ab12/ou-ab12-11111111/' is not in organization 'o-a1b2c3d4e5'");
    expect(() =>
      validateOrganizationalUnitPathInOrganization('o-a1b2c3d4e5x/r-ab12/ou-ab12-11111111/', 'o-a1b2c3d4e5', 'p'),
    ).toThrow('is not in organization');
  });
  test('leaves tokens alone', () => {
    expect(() => validateOrganizationalUnitPathInOrganization(token, 'o-a1b2c3d4e5', 'p')).not.toThrow();
    expect(() => validateOrganizationalUnitPathInOrganization('o-zzzzzzzzzz/r-ab12/ou-ab12-11111111/', token, 'p')).not.toThrow();
  });
});

describe('validateList', () => {
  test('accepts undefined and lists of distinct values', () => {
    expect(() => validateList(undefined, 'l')).not.toThrow();
    expect(() => validateList(['a', 'b'], 'l')).not.toThrow();
  });
  test('refuses an empty list', () => {
    expect(() => validateList([], 'sourceAccounts')).toThrow('sourceAccounts: the list is empty. Give at least one value or leave the property out.');
  });
  test('refuses duplicates and names the duplicate', () => {
    expect(() => validateList(['111111111111', '222222222222', '111111111111'], 'sourceAccounts')).toThrow(
      "sourceAccounts: '111111111111' is listed more than once. Remove the duplicate.",
    );
  });
  test('leaves a list token alone', () => {
    expect(() => validateList(Token.asList({ Ref: 'Accounts' }), 'l')).not.toThrow();
  });
});

describe('validateNotDefaultVaultName', () => {
  test('refuses Default and explains why', () => {
    expect(() => validateNotDefaultVaultName('Default', 'backupVaultName')).toThrow(
      "backupVaultName: 'Default' is the name of the AWS Backup default vault",
    );
    expect(() => validateNotDefaultVaultName('Default', 'backupVaultName')).toThrow('Choose another name');
  });
  test('vault names are case-sensitive: other spellings are other vaults', () => {
    expect(() => validateNotDefaultVaultName('default', 'n')).not.toThrow();
    expect(() => validateNotDefaultVaultName('DefaultCopies', 'n')).not.toThrow();
    expect(() => validateNotDefaultVaultName(undefined, 'n')).not.toThrow();
    expect(() => validateNotDefaultVaultName(token, 'n')).not.toThrow();
  });
});

describe('validateAtLeastOne', () => {
  test('passes when one is given', () => {
    expect(() => validateAtLeastOne([undefined, 'x'], ['a', 'b'], 'w')).not.toThrow();
  });
  test('names the properties when none is given', () => {
    expect(() => validateAtLeastOne([undefined, undefined], ['a', 'b'], 'w')).toThrow("w: give at least one of 'a', 'b'.");
  });
});

describe('validateAccountList', () => {
  test('checks the list and then each element, naming its index', () => {
    expect(() => validateAccountList(undefined, 'X accounts')).not.toThrow();
    expect(() => validateAccountList(['111111111111', '222222222222'], 'X accounts')).not.toThrow();
    expect(() => validateAccountList([], 'X accounts')).toThrow(/^X accounts: the list is empty/);
    expect(() => validateAccountList(['111111111111', '111111111111'], 'X accounts')).toThrow(/^X accounts: '111111111111' is listed more than once/);
    expect(() => validateAccountList(['111111111111', '1234'], 'X accounts')).toThrow(/^X accounts\[1\]: '1234' is not an AWS account id/);
  });
});
