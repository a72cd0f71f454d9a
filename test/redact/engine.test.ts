import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/redact/redactor.js';
import { TOKEN_PATTERN } from '../../src/redact/text.js';
import { isSensitiveKey } from '../../src/redact/sensitive-key.js';

const KEY = Buffer.alloc(32, 7);

function rsaPem(): string {
  return generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
}
function ecPem(): string {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString();
}
function ed25519Pem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}
function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}
const JWT = `${base64url('{"alg":"RS256","kid":"k1"}')}.${base64url('{"sub":"system:serviceaccount:shop:api","iat":1716000000}')}.${base64url('signature-bytes-0123456789')}`;

interface Case {
  name: string;
  text: string;
  /** Substrings that must not survive. */
  secrets: string[];
  /** The rule expected in the report (any one of them). */
  rules: string[];
  /** Substrings that must survive (the evidence around the secret). */
  keep?: string[];
}

const PEM = rsaPem();

const MUST_REDACT: Case[] = [
  {
    name: 'a password in a URL, keeping the host',
    text: 'connecting to postgres://app:S3cr3tPw9@pg.shop.svc:5432/orders',
    secrets: ['S3cr3tPw9'],
    rules: ['url-password'],
    keep: ['pg.shop.svc:5432/orders', 'postgres://app:'],
  },
  { name: 'a redis URL with an empty user', text: 'REDIS_URL=redis://:r3disPassw0rd@redis-master:6379/0', secrets: ['r3disPassw0rd'], rules: ['url-password'], keep: ['redis-master'] },
  { name: 'a MongoDB SRV connection string', text: 'uri mongodb+srv://shop:m0ngoPw55@cluster0.abc.mongodb.net/test', secrets: ['m0ngoPw55'], rules: ['url-password'] },
  { name: 'a Go MySQL DSN', text: 'dsn=app:myDsnPw9@tcp(mysql:3306)/shop?parseTime=true', secrets: ['myDsnPw9'], rules: ['dsn-password'], keep: ['mysql:3306'] },
  { name: 'password= in a log line', text: 'level=info msg="db login" user=app password=hunter2pw host=db', secrets: ['hunter2pw'], rules: ['secret-pair'], keep: ['user=app', 'host=db'] },
  { name: 'a JSON password key', text: '{"user":"app","password":"jsonPw123!","port":5432}', secrets: ['jsonPw123!'], rules: ['secret-pair'], keep: ['"port":5432'] },
  { name: 'an escaped JSON password inside a JSON string', text: '"{\\"db_password\\":\\"escPw777\\"}"', secrets: ['escPw777'], rules: ['secret-pair'] },
  { name: 'a YAML password key', text: 'database:\n  db_password: yamlPw456\n  host: db', secrets: ['yamlPw456'], rules: ['secret-pair'], keep: ['host: db'] },
  { name: 'a pair right after a harmless key', text: 'auth header: token=LogTok3n-5555abcdef', secrets: ['LogTok3n-5555abcdef'], rules: ['secret-pair'], keep: ['auth header: token='] },
  { name: 'token= pair', text: 'refreshing session token=abc123tokXYZ ok', secrets: ['abc123tokXYZ'], rules: ['secret-pair'] },
  { name: 'a quoted secret: value', text: "client_secret: 'shh-its-a-secret-42'", secrets: ['shh-its-a-secret-42'], rules: ['secret-pair'] },
  { name: 'a short PASS env name', text: 'SMTP_PASS=smtpPw-8888 SMTP_HOST=mail', secrets: ['smtpPw-8888'], rules: ['secret-pair'], keep: ['SMTP_HOST=mail'] },
  { name: 'a run-together env name', text: 'PGPASSWORD=pgRunTogether1 psql -h db', secrets: ['pgRunTogether1'], rules: ['secret-pair'] },
  { name: 'an --api-key= flag', text: 'exec /app --api-key=flagKey123abc --port 8080', secrets: ['flagKey123abc'], rules: ['secret-pair'], keep: ['--port 8080'] },
  { name: 'a --password flag with a space', text: 'mysqladmin --user root --password flagPw789 ping', secrets: ['flagPw789'], rules: ['secret-pair'], keep: ['--user root'] },
  {
    name: 'a .NET connection string',
    text: 'Server=sql.shop;Database=orders;User Id=sa;Password=ConnPw!23;Encrypt=true',
    secrets: ['ConnPw!23'],
    rules: ['secret-pair'],
    keep: ['Server=sql.shop', 'Encrypt=true'],
  },
  { name: 'an Authorization: Bearer header', text: 'GET /api headers: Authorization: Bearer abcDEF123456ghiJKL789', secrets: ['abcDEF123456ghiJKL789'], rules: ['authorization'] },
  { name: 'an Authorization: Basic header', text: '"Authorization": "Basic dXNlcjpwYXNzd29yZDEyMw=="', secrets: ['dXNlcjpwYXNzd29yZDEyMw=='], rules: ['authorization'] },
  { name: 'a bearer token in prose', text: 'retrying with bearer 0a1b2c3d4e5f6a7b8c9d', secrets: ['0a1b2c3d4e5f6a7b8c9d'], rules: ['bearer-token'] },
  { name: 'a JWT in a log line', text: `validated id_token for user: ${JWT} (exp 3600)`, secrets: [JWT, JWT.split('.')[1]!], rules: ['jwt', 'secret-pair'] },
  {
    name: 'a PEM RSA key spread over timestamped log lines',
    text: PEM.trim()
      .split('\n')
      .map((line, i) => `2024-05-01T10:00:0${i % 10}Z stderr F ${line}`)
      .join('\n') + '\n2024-05-01T10:00:10Z started',
    secrets: PEM.trim().split('\n').slice(1, -1),
    rules: ['private-key', 'privatekey'],
    keep: ['started'],
  },
  { name: 'an EC key', text: `key loaded:\n${ecPem()}done`, secrets: ['BEGIN EC PRIVATE KEY', ecPem().split('\n')[1]!], rules: ['private-key', 'privatekey'] },
  { name: 'an ed25519 PKCS#8 key', text: ed25519Pem(), secrets: [ed25519Pem().split('\n')[1]!], rules: ['private-key', 'privatekey'] },
  {
    name: 'the head of a key cut by the log budget (BEGIN without END)',
    text: `${PEM.split('\n').slice(0, 6).join('\n')}\n[podmortem: 1000 lines cut]`,
    secrets: PEM.split('\n').slice(1, 6),
    rules: ['private-key'],
    keep: ['[podmortem: 1000 lines cut]'],
  },
  {
    name: 'the tail of a key cut by the log budget (END without BEGIN)',
    text: `[podmortem: 1000 lines cut]\n${PEM.trim().split('\n').slice(-6).join('\n')}\nserver listening`,
    secrets: PEM.trim().split('\n').slice(-6, -1),
    rules: ['private-key'],
    keep: ['[podmortem: 1000 lines cut]', 'server listening'],
  },
  {
    name: 'a GCP service-account key in JSON',
    text: JSON.stringify({
      type: 'service_account',
      project_id: 'shop-prod',
      private_key_id: '0123456789abcdef0123456789abcdef01234567',
      private_key: PEM,
      client_email: 'api@shop-prod.iam.gserviceaccount.com',
    }),
    secrets: ['0123456789abcdef0123456789abcdef01234567', PEM.split('\n')[1]!, PEM.split('\n')[5]!],
    rules: ['gcp-private-key-id', 'private-key', 'secret-pair'],
    keep: ['api@shop-prod.iam.gserviceaccount.com'],
  },
  { name: 'an AWS access key id', text: 'using credentials AKIA2E0A8F3B244C9986 for s3', secrets: ['AKIA2E0A8F3B244C9986'], rules: ['aws-access-key-id'] },
  {
    name: 'an AWS secret access key',
    text: 'aws_secret_access_key = 9drTJvcXLB89EXA1PLEaKEY7Jv/3yJ3KLZdBuUMw',
    secrets: ['9drTJvcXLB89EXA1PLEaKEY7Jv/3yJ3KLZdBuUMw'],
    rules: ['aws-secret-access-key', 'aws', 'secret-pair'],
  },
  { name: 'a GitHub token', text: 'git clone https://x: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@github.com/o/r', secrets: ['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'], rules: ['github', 'url-password'] },
  { name: 'a bare GitHub token', text: 'GH token 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 loaded', secrets: ['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'], rules: ['github'] },
  { name: 'a GitLab token', text: 'CI_JOB glpat-AbCdEf1234567890GhIj used', secrets: ['glpat-AbCdEf1234567890GhIj'], rules: ['gitlab-token'] },
  { name: 'a Slack bot token', text: 'slack client xoxb-1234567890123-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', secrets: ['xoxb-1234567890123-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'], rules: ['slack'] },
  {
    name: 'a Slack webhook URL',
    text: 'posting alert to https://hooks.slack.com/services/T0AB12CD3/B0EF45GH6/AbCdEfGhIjKlMnOpQrStUvWx',
    secrets: ['AbCdEfGhIjKlMnOpQrStUvWx'],
    rules: ['slack'],
  },
  { name: 'a Stripe live key', text: 'stripe.api_key set sk_live_51H8abcdefghijklmnopqrstuvwx', secrets: ['sk_live_51H8abcdefghijklmnopqrstuvwx'], rules: ['stripe-key'] },
  { name: 'an npm token', text: '//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789', secrets: ['npm_abcdefghijklmnopqrstuvwxyz0123456789'], rules: ['npm', 'secret-pair'] },
  {
    name: 'a SendGrid key',
    text: 'mailer 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 ready',
    secrets: ['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'],
    rules: ['sendgrid'],
  },
  { name: 'a Google API key', text: 'maps key AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW', secrets: ['AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW'], rules: ['google-api-key'] },
  {
    name: 'kubeconfig client-key-data and token',
    text: `users:\n- name: admin\n  user:\n    client-certificate-data: ${Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB').toString('base64')}\n    client-key-data: ${Buffer.from(PEM).toString('base64')}\n    token: kubeTok3n0123456789`,
    secrets: [Buffer.from(PEM).toString('base64').slice(0, 60), 'kubeTok3n0123456789'],
    rules: ['private-key-base64', 'secret-pair'],
    keep: [Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB').toString('base64')],
  },
];

const MUST_NOT_REDACT: Array<{ name: string; text: string }> = [
  { name: 'a log line about the password reset page', text: 'GET /account/password-reset 200 rendered the password reset page in 12ms' },
  { name: 'a normal URL without userinfo', text: 'proxying to https://shop.example.com:8443/orders?id=12&page=2#top' },
  { name: 'a URL with a port and an @ in the path', text: 'fetch http://cdn.example.com:8080/users/@me/avatar.png' },
  { name: 'a Kubernetes uid', text: 'pod uid 3f8a2c1e-9b4d-4e6f-a1b2-c3d4e5f6a7b8 deleted' },
  { name: 'an image digest', text: 'image: registry.example.com/shop/api@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' },
  { name: 'a kubelet back-off message', text: 'Back-off restarting failed container api in pod api-7c9d5b6f4-x2x9k_shop(3f8a2c1e-9b4d-4e6f-a1b2-c3d4e5f6a7b8)' },
  { name: 'a missing-secret event', text: 'Error: secret "db-credentials" not found' },
  { name: 'a missing-key event', text: "Error: couldn't find key password in Secret shop/db-credentials" },
  { name: 'a volume mount failure', text: 'MountVolume.SetUp failed for volume "certs" : secret "tls-certs" not found' },
  { name: 'a secretName reference', text: 'volumes:\n- name: certs\n  secret:\n    secretName: db-credentials' },
  { name: 'a token type and expiry', text: 'token_type=Bearer expires_in=3600 scope=read' },
  { name: 'a password file path', text: 'passwordFile=/etc/secret/pw tokenPath=/var/run/secrets/token' },
  { name: 'a tokenizer setting', text: 'tokenizer=wordpiece bypass=true compass=north' },
  { name: 'bearer authentication in prose', text: 'using bearer authentication for upstream calls' },
  { name: 'an empty password', text: 'password= user=app' },
  { name: 'an env reference', text: 'DB_PASSWORD=$(DB_PASSWORD_FROM_SECRET)' },
  { name: 'an already redacted value', text: 'password=<redacted:secret-pair:0a1b2c3d> and ***HIDDEN***' },
  { name: 'a certificate', text: `-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ0FfakeCertBodyForTestsOnly0123\n-----END CERTIFICATE-----` },
  { name: 'a liveness probe failure', text: 'Liveness probe failed: HTTP probe failed with statuscode: 500' },
  { name: 'an OOM message', text: 'Memory cgroup out of memory: Killed process 4242 (java) total-vm:4194304kB, anon-rss:524288kB' },
  {
    name: 'a client-go watch error naming the Secret type',
    text: 'reflector.go:138] Failed to watch *v1.Secret: failed to list *v1.Secret: Get "https://10.43.0.1:443/api/v1/secrets?limit=500": dial tcp 10.43.0.1:443: i/o timeout',
  },
  { name: 'Go flag help text', text: '      --kubelet-client-key string   Path to a client key file for TLS.\n      --authorization-kubeconfig string   kubeconfig file pointing at the core kubernetes server.' },
  { name: 'a sysctl with pass in its name', text: '/proc/sys/net/bridge/bridge-nf-pass-vlan-input-dev = 0' },
  { name: 'a key file path under a key flag', text: 'exec kube-apiserver --kubelet-client-key /etc/kubernetes/pki/apiserver-kubelet-client.key' },
  { name: 'a Java exception', text: 'java.sql.SQLException: Access denied for user \'app\'@\'10.0.0.12\' (using password: YES)' },
];

describe('the redaction engine', () => {
  it.each(MUST_REDACT)('redacts $name', async ({ text, secrets, rules, keep }) => {
    const redactor = new Redactor(true, KEY);
    const out = await redactor.text('cluster-resources/pods/logs/shop/api/api.log', text);
    for (const secret of secrets) expect(out, `"${secret}" survived in: ${out}`).not.toContain(secret);
    for (const kept of keep ?? []) expect(out).toContain(kept);
    expect(out).toMatch(TOKEN_PATTERN);
    const reported = redactor.report().files.map((f) => f.rule);
    expect(reported.some((rule) => rules.includes(rule)), `rules reported: ${reported.join(', ')}`).toBe(true);
  });

  it.each(MUST_NOT_REDACT)('leaves $name alone', async ({ text }) => {
    const redactor = new Redactor(true, KEY);
    expect(await redactor.text('x.log', text)).toBe(text);
    expect(redactor.report().files).toEqual([]);
  });

  it('gives the same secret the same token across files, and a different one in another bundle', async () => {
    const redactor = new Redactor(true, KEY);
    const a = await redactor.text('a.log', 'password=sameSecret99');
    const b = await redactor.document('cluster-resources/pods/shop.json', {
      items: [{ spec: { containers: [{ env: [{ name: 'DB_PASSWORD', value: 'sameSecret99' }] }] } }],
    });
    const tokenA = a.match(TOKEN_PATTERN)![0];
    const hash = tokenA.split(':')[2];
    if (hash === undefined) throw new Error(`token ${tokenA} has no hash part`);
    expect(JSON.stringify(b)).toContain(`:${hash}`);
    const other = new Redactor(true);
    const c = await other.text('a.log', 'password=sameSecret99');
    expect(c).not.toContain(hash);
    expect(redactor.report().files).toEqual([
      { file: 'a.log', rule: 'secret-pair', count: 1 },
      { file: 'cluster-resources/pods/shop.json', rule: 'secret-env', count: 1 },
    ]);
  });

  it('does nothing to text with redaction off, but still strips ConfigMap and Secret values', async () => {
    const redactor = new Redactor(false, KEY);
    expect(await redactor.text('a.log', 'password=hunter2pw')).toBe('password=hunter2pw');
    const doc = await redactor.document('cluster-resources/configmaps/shop.json', {
      items: [{ metadata: { name: 'cfg' }, data: { 'app.properties': 'db.password=cfgPw1' } }],
    });
    expect(JSON.stringify(doc)).not.toContain('cfgPw1');
    expect(doc.items[0]!.data).toEqual({ 'app.properties': '***HIDDEN***' });
    expect(redactor.report()).toEqual({
      enabled: false,
      files: [{ file: 'cluster-resources/configmaps/shop.json', rule: 'configmap-values', count: 1 }],
    });
  });
});

describe('object redaction', () => {
  it('masks env values under credential names, probe headers, args and annotations, and scans the rest', async () => {
    const redactor = new Redactor(true, KEY);
    const pod = {
      kind: 'Pod',
      metadata: {
        name: 'api',
        uid: '3f8a2c1e-9b4d-4e6f-a1b2-c3d4e5f6a7b8',
        annotations: {
          'example.com/api-token': 'annoTok3n55',
          'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
            kind: 'Pod',
            spec: { containers: [{ env: [{ name: 'STRIPE_SECRET', value: 'lastAppliedSecret1' }] }] },
          }),
        },
      },
      spec: {
        containers: [
          {
            name: 'api',
            args: ['--db-password', 'argPw4242', '--port', '8080', '--token=inlineTok3n77'],
            env: [
              { name: 'DB_PASSWORD', value: 'envPw0001' },
              { name: 'DATABASE_URL', value: 'postgres://app:urlPw0002@pg:5432/shop' },
              { name: 'LOG_LEVEL', value: 'debug' },
              { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
            ],
            livenessProbe: { httpGet: { path: '/healthz', httpHeaders: [{ name: 'Authorization', value: 'Bearer probeTok3n99' }] } },
          },
        ],
      },
    };
    const out = await redactor.document('cluster-resources/pods/shop.json', { kind: 'PodList', items: [pod] });
    const text = JSON.stringify(out);
    for (const secret of ['annoTok3n55', 'lastAppliedSecret1', 'argPw4242', 'inlineTok3n77', 'envPw0001', 'urlPw0002', 'probeTok3n99']) {
      expect(text).not.toContain(secret);
    }
    const container = out.items[0]!.spec.containers[0]!;
    expect(container.env[2]).toEqual({ name: 'LOG_LEVEL', value: 'debug' });
    expect(container.env[3]).toEqual({ name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } });
    expect(container.env[1]!.value).toMatch(/^postgres:\/\/app:<redacted:url-password:[0-9a-f]{8}>@pg:5432\/shop$/);
    expect(container.args.slice(2, 4)).toEqual(['--port', '8080']);
    expect(out.items[0]!.metadata.uid).toBe('3f8a2c1e-9b4d-4e6f-a1b2-c3d4e5f6a7b8');
    const applied = JSON.parse(out.items[0]!.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']);
    expect(applied.spec.containers[0].env[0].value).toMatch(TOKEN_PATTERN);
  });

  it('keeps Secret key names, drops their values, and strips the values from last-applied-configuration', async () => {
    const redactor = new Redactor(true, KEY);
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'db-credentials',
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
            kind: 'Secret',
            data: { password: Buffer.from('s3cretB64').toString('base64') },
            stringData: { username: 'plainUser' },
          }),
        },
      },
      type: 'Opaque',
      data: { password: Buffer.from('s3cretB64').toString('base64'), username: 'YXBw' },
    };
    const out = await redactor.document('cluster-resources/secrets/shop.json', { kind: 'SecretList', items: [secret] });
    const text = JSON.stringify(out);
    expect(text).not.toContain(Buffer.from('s3cretB64').toString('base64'));
    expect(text).not.toContain('plainUser');
    expect(text).not.toContain('YXBw');
    expect(out.items[0]!.data).toEqual({ password: '***HIDDEN***', username: '***HIDDEN***' });
    const applied = JSON.parse(out.items[0]!.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']);
    expect(applied.data).toEqual({ password: '***HIDDEN***' });
    expect(applied.stringData).toEqual({ username: '***HIDDEN***' });
    expect(redactor.report().files).toEqual([{ file: 'cluster-resources/secrets/shop.json', rule: 'secret-values', count: 4 }]);
  });

  it('strips ConfigMap values in troubleshoot lists whose items carry no kind', async () => {
    const redactor = new Redactor(true, KEY);
    const out = await redactor.document('cluster-resources/configmaps/shop.json', [
      { metadata: { name: 'app' }, data: { 'config.yaml': 'log: debug' }, binaryData: { blob: 'AAEC' } },
    ]);
    expect(out[0]).toEqual({ metadata: { name: 'app' }, data: { 'config.yaml': '***HIDDEN***' }, binaryData: { blob: '***HIDDEN***' } });
  });
});

describe('credential key names', () => {
  it.each(['DB_PASSWORD', 'PGPASSWORD', 'clientSecret', 'api_key', 'X-Api-Key', 'client-key-data', 'aws_secret_access_key', 'id_token', 'Authorization'])(
    '%s is a credential',
    (name) => expect(isSensitiveKey(name)).toBe(true),
  );
  it.each(['secretName', 'secretKeyRef', 'passwordFile', 'tokenUrl', 'token_type', 'bypass', 'tokenizer', 'key', 'tls.key', 'password_reset_url', 'access_key_id'])(
    '%s is not',
    (name) => expect(isSensitiveKey(name)).toBe(false),
  );
});
