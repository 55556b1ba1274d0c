import { deployProblems, readDeployFiles, serviceNames, type DeployFiles } from './compose-checks';

type Mutation = (files: DeployFiles) => void;

const env = (files: DeployFiles, service: string): Record<string, unknown> => files.compose.services[service]!.environment!;

describe('docker-compose.yml', () => {
  it('covers every service of the repository', () => {
    expect(serviceNames()).toEqual(expect.arrayContaining(['capability-discovery', 'routing', 'rcs-gateway', 'smpp-gateway', 'payload-store', 'audit-sink']));
  });

  it('runs each service from the one image with an environment its config schema accepts, wired to the simulators and scraped on its port', async () => {
    expect(await deployProblems(readDeployFiles())).toEqual([]);
  });

  // The checks must be able to fail: each of these broken copies has to be reported.
  const broken: [string, Mutation, RegExp][] = [
    ['a required variable is missing', (f) => delete env(f, 'rcs-gateway')['RBM_CLIENT_TOKEN'], /^rcs-gateway: RBM_CLIENT_TOKEN: /],
    ['a value the schema rejects', (f) => (env(f, 'smpp-gateway')['SMPP_PASSWORD'] = 'longer-than-eight'), /^smpp-gateway: SMPP_PASSWORD: /],
    ['a misspelt variable', (f) => (env(f, 'capability-discovery')['CAPABILITY_CACHE_TTL'] = '60'), /^capability-discovery: CAPABILITY_CACHE_TTL is set but/],
    ['a published port that is not HTTP_PORT', (f) => (f.compose.services['routing']!.ports = ['3112:3112']), /^routing: HTTP_PORT 3102 is not a published port/],
    ['a port Prometheus does not scrape', (f) => (f.prometheus.scrape_configs = f.prometheus.scrape_configs!.filter((job) => job.job_name !== 'audit-sink')), /^audit-sink: Prometheus does not scrape audit-sink:3106/],
    ['webhook tokens that differ', (f) => (env(f, 'hub-simulator')['HUB_SIM_CLIENT_TOKEN'] = 'another-client-token'), /^rcs-gateway: RBM_CLIENT_TOKEN differs/],
    ['an agent key the hub does not trust', (f) => (env(f, 'rcs-gateway')['RBM_SERVICE_ACCOUNT_KEY_FILE'] = '/run/secrets/another-key'), /^rcs-gateway: RBM_SERVICE_ACCOUNT_KEY_FILE \/run\/secrets\/another-key is not a key the hub simulator trusts/],
    ['an agent key not mounted', (f) => (f.compose.services['capability-discovery']!.secrets = ['kafka-sb-capability-discovery']), /^capability-discovery: RBM_SERVICE_ACCOUNT_KEY_FILE: \/run\/secrets\/rbm-agent-key is not a compose secret mounted/],
    ['a hub URL on the wrong port', (f) => (env(f, 'capability-discovery')['HUB_BASE_URL'] = 'http://hub-simulator:4011'), /^capability-discovery: HUB_BASE_URL/],
    ['retry tiers the topics job does not create', (f) => (env(f, 'routing')['BUS_RETRY_DELAYS_MS'] = '1000,5000,20000,60000'), /^routing: broker, topic prefix or number of retry tiers/],
    ['a service left out', (f) => delete f.compose.services['payload-store'], /^payload-store: missing from docker-compose.yml/],
    ['an entry file that does not exist', (f) => (f.compose.services['audit-sink']!.command = ['dist/services/audit-sink/src/server.js']), /^audit-sink: command runs/],
  ];

  it.each(broken)('reports %s', async (_label, mutate, expected) => {
    const files = structuredClone(readDeployFiles());
    mutate(files);
    expect(await deployProblems(files)).toContainEqual(expect.stringMatching(expected));
  });
});
