import { checkAll, type CheckName, runCheck, WORKSPACE_ROOT } from './index';
import { checkTerraformFmt } from './lib/terraform';
import { type BrokenCopy, brokenCopy } from './test/broken-copy';

/**
 * The repository passes every check; then each check is run on a copy of the files with one
 * thing broken, and must report that exact problem. A check that cannot fail is worthless.
 */
type Mutation = [
  description: string,
  check: CheckName,
  breakIt: (copy: BrokenCopy) => unknown,
  expected: string,
];

const AUTH = 'apps/auth-api/Dockerfile';
const WEB = 'apps/web/Dockerfile';
const ML = 'apps/ml-cli/Dockerfile';
const COMPOSE = 'docker-compose.yml';
const ENV = '.env.example';
const TF = 'infra/terraform-aws';
const SIMPLE = 'infra/terraform-aws-simple/templates/user-data.sh.tftpl';
const CI = '.github/workflows/ci.yml';
const BUILD = '.github/workflows/build-and-push.yml';
const DEPLOY = '.github/workflows/deploy.yml';
const AUTH_CONFIG = 'apps/auth-api/src/config/app-config.ts';
const WEB_CONFIG = 'apps/web/src/config/app-config.ts';

const DOCKERFILES: Mutation[] = [
  [
    'EXPOSE drifts from the port',
    'dockerfiles',
    (c) => c.replace(AUTH, 'EXPOSE 8000', 'EXPOSE 8080'),
    `${AUTH}: EXPOSE 8080 does not match the app's port 8000`,
  ],
  [
    'HEALTHCHECK probes another path',
    'dockerfiles',
    (c) => c.replace(WEB, "+'/health'", "+'/healthz'"),
    `${WEB}: HEALTHCHECK probes /healthz, the app's health route is /health`,
  ],
  [
    'HEALTHCHECK probes another port',
    'dockerfiles',
    (c) => c.replace(AUTH, 'PORT||8000', 'PORT||3000'),
    `${AUTH}: HEALTHCHECK probes port 3000, the app listens on 8000`,
  ],
  [
    'the app moves its health route',
    'dockerfiles',
    (c) =>
      c.replace(
        'apps/web/src/app/health/health.controller.ts',
        "@Controller('health')",
        "@Controller('status')",
      ),
    `${WEB}: HEALTHCHECK probes /health, the app's health route is /status`,
  ],
  [
    'the app changes its port',
    'dockerfiles',
    (c) => c.replace(AUTH_CONFIG, 'PORT = 8000;', 'PORT = 8100;'),
    `${AUTH}: EXPOSE 8000 does not match the app's port 8100`,
  ],
  [
    'the image runs as root',
    'dockerfiles',
    (c) => c.replace(ML, 'USER 1000:1000', 'USER root'),
    `${ML}: the runtime stage must switch to a non-root USER`,
  ],
  [
    'no /tmp volume',
    'dockerfiles',
    (c) => c.replace(WEB, 'VOLUME ["/tmp"]', ''),
    `${WEB}: no VOLUME ["/tmp"]`,
  ],
  [
    'another base image',
    'dockerfiles',
    (c) => c.replace(AUTH, 'FROM node:22-bookworm-slim AS deps', 'FROM node:22-alpine AS deps'),
    `${AUTH}: FROM node:22-alpine: every stage must start from node:22-bookworm-slim`,
  ],
  [
    'the trimmed runtime base from another image',
    'dockerfiles',
    (c) =>
      c.replace(
        WEB,
        'FROM node:22-bookworm-slim AS runtime-base',
        'FROM node:22-alpine AS runtime-base',
      ),
    `${WEB}: the runtime stage's root filesystem comes from node:22-alpine, not from node:22-bookworm-slim`,
  ],
  [
    'the flattened root filesystem copied from another image',
    'dockerfiles',
    (c) => c.replace(ML, 'COPY --from=runtime-base / /', 'COPY --from=node:22-alpine / /'),
    `${ML}: the runtime stage's root filesystem comes from node:22-alpine, not from node:22-bookworm-slim`,
  ],
  [
    'a runtime from scratch without a root filesystem',
    'dockerfiles',
    (c) => c.replace(AUTH, 'COPY --from=runtime-base / /\n', ''),
    `${AUTH}: the runtime stage starts from scratch without the root filesystem of a node:22-bookworm-slim stage`,
  ],
  [
    'another app built',
    'dockerfiles',
    (c) => c.replace(ML, 'RUN npx nx build ml-cli', 'RUN npx nx build web'),
    `${ML}: no \`nx build ml-cli\``,
  ],
  [
    'an ENV the app does not read',
    'dockerfiles',
    (c) => c.replace(AUTH, 'DATA_DIR=/tmp/data', 'DATADIR=/tmp/data'),
    `${AUTH}: ENV DATADIR is not a variable auth-api reads`,
  ],
  [
    'a batch job with a health check',
    'dockerfiles',
    (c) => c.replace(ML, 'HEALTHCHECK NONE', 'HEALTHCHECK CMD true'),
    `${ML}: a batch job has no server to probe`,
  ],
  [
    'another command',
    'dockerfiles',
    (c) => c.replace(WEB, 'CMD ["node", "main.js"]', 'CMD ["npm", "start"]'),
    `${WEB}: the command must run \`node main.js\``,
  ],
  [
    '.env sent to the build',
    'dockerfiles',
    (c) => c.replace('.dockerignore', /^\.env$/m, ''),
    '.dockerignore: does not exclude .env',
  ],
];

const COMPOSE_MUTATIONS: Mutation[] = [
  [
    'an unknown key (schema)',
    'compose',
    (c) =>
      c.replace(
        COMPOSE,
        'image: gatehouse-web:local',
        'image: gatehouse-web:local\n    restart_policy: always',
      ),
    `${COMPOSE}: schema: /services/app must NOT have additional properties (restart_policy)`,
  ],
  [
    'a malformed duration (schema)',
    'compose',
    (c) =>
      c.replace(
        COMPOSE,
        'interval: 5s\n      timeout: 3s',
        'interval: 5 seconds\n      timeout: 3s',
      ),
    `${COMPOSE}: schema: /services/redis/healthcheck/interval must match format "duration"`,
  ],
  [
    'the published port',
    'compose',
    (c) => c.replace(COMPOSE, "'8000:8000'", "'8000:8080'"),
    `${COMPOSE}: auth: publishes no container port 8000`,
  ],
  [
    'the health path',
    'compose',
    (c) => c.replace(COMPOSE, "127.0.0.1:8001/health'", "127.0.0.1:8001/ready'"),
    `${COMPOSE}: app: health check probes /ready, the app's health route is /health`,
  ],
  [
    'the app changes its port',
    'compose',
    (c) => c.replace(WEB_CONFIG, 'PORT = 8001;', 'PORT = 8002;'),
    `${COMPOSE}: app: PORT 8001 differs from the app's default 8002`,
  ],
  [
    'a misspelt variable',
    'compose',
    (c) => c.replace(COMPOSE, '      JWT_SECRET:', '      JWT_SECRETS:'),
    `${COMPOSE}: auth: JWT_SECRETS is not a variable auth-api reads`,
  ],
  [
    'a required variable missing',
    'compose',
    (c) => c.replace(COMPOSE, /\n {6}ENCRYPTION_KEY: .*/, ''),
    `${COMPOSE}: auth: ENCRYPTION_KEY is required by auth-api in production but not set`,
  ],
  [
    'a required variable that may be empty',
    'compose',
    (c) => c.replace(COMPOSE, /\$\{SESSION_SECRET:\?[^}]*\}/, '${SESSION_SECRET:-}'),
    `${COMPOSE}: app: SESSION_SECRET is required but may be empty`,
  ],
  [
    'the app requires a new variable',
    'compose',
    (c) =>
      c.replace(
        WEB_CONFIG,
        '  SESSION_SECRET?: string;',
        '  SESSION_SECRET?: string;\n\n  @IsDefined()\n  @IsString()\n  CSRF_SECRET?: string;',
      ),
    `${COMPOSE}: app: CSRF_SECRET is required by web in production but not set`,
  ],
  [
    'auth does not wait for a healthy db',
    'compose',
    (c) =>
      c.replace(
        COMPOSE,
        'db:\n        condition: service_healthy',
        'db:\n        condition: service_started',
      ),
    `${COMPOSE}: auth: must depend on db being healthy`,
  ],
  [
    'auth skips the migrations',
    'compose',
    (c) =>
      c.replace(
        COMPOSE,
        "command: ['sh', '-c', 'node main.js migrate && exec node main.js']",
        "command: ['node', 'main.js']",
      ),
    `${COMPOSE}: auth: command must run \`node main.js migrate && exec node main.js\``,
  ],
  [
    'web calls the wrong auth port',
    'compose',
    (c) => c.replace(COMPOSE, 'AUTH_API_URL: http://auth:8000', 'AUTH_API_URL: http://auth:8080'),
    `${COMPOSE}: app: AUTH_API_URL must be http://auth:8000 (got http://auth:8080)`,
  ],
  [
    'a health check without start_period',
    'compose',
    (c) => c.replace(COMPOSE, '      retries: 10\n      start_period: 5s\n', '      retries: 10\n'),
    `${COMPOSE}: redis: health check without start_period`,
  ],
  [
    'no database volume',
    'compose',
    (c) =>
      c.replace(
        COMPOSE,
        '      - db_data:/var/lib/postgresql/data',
        '      - pg:/var/lib/postgresql/data',
      ),
    `${COMPOSE}: db: volume pg is not declared under volumes:`,
  ],
  [
    'another PostgreSQL',
    'compose',
    (c) => c.replace(COMPOSE, 'image: postgres:16-bookworm', 'image: postgres:15'),
    `${COMPOSE}: db: image must be PostgreSQL 16`,
  ],
  [
    'MLflow without a database',
    'compose',
    (c) => c.replace(COMPOSE, '      - --backend-store-uri=sqlite:////mlflow/db/mlflow.db\n', ''),
    `${COMPOSE}: mlflow: needs a database --backend-store-uri`,
  ],
  [
    'no init',
    'compose',
    (c) => c.replace(COMPOSE, /(app:\n {4}build:[\s\S]*?)\n {4}init: true/, '$1'),
    `${COMPOSE}: app: init: true is needed`,
  ],
];

const ENV_MUTATIONS: Mutation[] = [
  [
    'a variable missing',
    'env-example',
    (c) => c.replace(ENV, 'MFA_ISSUER=Gatehouse\n', ''),
    `${ENV}: MFA_ISSUER (read by auth-api) is missing`,
  ],
  [
    'a variable no app reads',
    'env-example',
    (c) => c.append(ENV, '# something\nFEATURE_X=1\n'),
    `${ENV}: FEATURE_X (line`,
  ],
  [
    'the app renames a variable',
    'env-example',
    (c) => c.replace(AUTH_CONFIG, "  MFA_ISSUER = 'Gatehouse';", "  TOTP_ISSUER = 'Gatehouse';"),
    `${ENV}: TOTP_ISSUER (read by auth-api) is missing`,
  ],
  [
    'a wrong default',
    'env-example',
    (c) => c.replace(ENV, 'ACCESS_TOKEN_TTL_SECONDS=1800', 'ACCESS_TOKEN_TTL_SECONDS=900'),
    `${ENV}: ACCESS_TOKEN_TTL_SECONDS (line`,
  ],
  [
    'the wrong section',
    'env-example',
    (c) => c.replace(ENV, '# [ml-cli]', '# [web]'),
    `${ENV}: MLFLOW_TRACKING_URI (line`,
  ],
  [
    'a variable listed twice',
    'env-example',
    (c) => c.append(ENV, '# again\nLOG_LEVEL=info\n'),
    'is listed twice',
  ],
  [
    'compose reads a variable it lacks',
    'env-example',
    (c) => c.replace(COMPOSE, '${DEFAULT_LOCALE:-en}', '${WEB_LOCALE:-en}'),
    `${ENV}: WEB_LOCALE is used by docker-compose.yml but missing`,
  ],
];

const TERRAFORM_MUTATIONS: Mutation[] = [
  [
    'an undeclared variable',
    'terraform',
    (c) => c.replace(`${TF}/service-config.tf`, 'var.mail_from', 'var.mail_sender'),
    `${TF}: var.mail_sender is used (locals auth_api_environment) but not declared`,
  ],
  [
    'an unused variable',
    'terraform',
    (c) => c.append(`${TF}/variables.tf`, '\nvariable "spare" {\n  type = string\n}\n'),
    `${TF}: variable "spare" is declared but never used`,
  ],
  [
    'an unused module variable',
    'terraform',
    (c) => c.append(`${TF}/modules/s3/variables.tf`, '\nvariable "spare" {\n  type = string\n}\n'),
    `${TF}/modules/s3: variable "spare" is declared but never used`,
  ],
  [
    'a module gone',
    'terraform',
    (c) => c.remove(`${TF}/modules/vpc`),
    `${TF}: module directory modules/vpc is missing`,
  ],
  [
    'a module not wired',
    'terraform',
    (c) => c.replace(`${TF}/main.tf`, 'source = "./modules/s3"', 'source = "./modules/s3-old"'),
    `${TF}: module "s3" has source ./modules/s3-old`,
  ],
  [
    'a required module input not passed',
    'terraform',
    (c) =>
      c.replace(
        `${TF}/main.tf`,
        /(module "ecr" \{[\s\S]*?)\n {2}repository_names = values\(local\.repositories\)/,
        '$1',
      ),
    `${TF}: module "ecr" needs repository_names`,
  ],
  [
    'an output that does not exist',
    'terraform',
    (c) => c.replace(`${TF}/outputs.tf`, 'module.rds.address', 'module.rds.hostname'),
    `${TF}: module.rds.hostname is referenced but modules/rds has no such output`,
  ],
  [
    'a variable no app reads',
    'terraform',
    (c) =>
      c.replace(
        `${TF}/service-config.tf`,
        '    LOG_FORMAT   = "json"\n  }',
        '    LOG_FORMAT   = "json"\n    LOG_STYLE    = "json"\n  }',
      ),
    'infra/terraform-aws/service-config.tf: web: LOG_STYLE is not a variable web reads',
  ],
  [
    'a secret in plain environment',
    'terraform',
    (c) =>
      c.replace(
        `${TF}/service-config.tf`,
        '    LOG_FORMAT   = "json"\n  }',
        '    LOG_FORMAT     = "json"\n    SESSION_SECRET = "x"\n  }',
      ),
    'service-config.tf: web: SESSION_SECRET is a secret: move it to local.web_secrets',
  ],
  [
    'a required secret missing',
    'terraform',
    (c) => c.replace(`${TF}/service-config.tf`, /\n {4}ENCRYPTION_KEY {2}= .*/, ''),
    'service-config.tf: auth-api: ENCRYPTION_KEY is required in production but not provided',
  ],
  [
    'the app requires a new variable',
    'terraform',
    (c) =>
      c.replace(
        WEB_CONFIG,
        '  SESSION_SECRET?: string;',
        '  SESSION_SECRET?: string;\n\n  @IsDefined()\n  CSRF_SECRET?: string;',
      ),
    'service-config.tf: web: CSRF_SECRET is required in production but not provided',
  ],
  [
    'a port',
    'terraform',
    (c) => c.replace(`${TF}/main.tf`, '"auth-api" = 8000', '"auth-api" = 8080'),
    `${TF}: local.ports["auth-api"] is 8080, auth-api listens on 8000`,
  ],
  [
    'the app changes its port',
    'terraform',
    (c) => c.replace(WEB_CONFIG, 'PORT = 8001;', 'PORT = 8002;'),
    `${TF}: local.ports["web"] is 8001, web listens on 8002`,
  ],
  [
    'a liveness path',
    'terraform',
    (c) =>
      c.replace(
        `${TF}/main.tf`,
        'port             = local.ports["auth-api"]\n    liveness_path    = "/health/live"',
        'port             = local.ports["auth-api"]\n    liveness_path    = "/healthz"',
      ),
    `${TF}: module "ecs": auth_api.liveness_path /healthz is not a route of auth-api`,
  ],
  [
    'the load balancer health path',
    'terraform',
    (c) =>
      c.replace(
        `${TF}/modules/alb/variables.tf`,
        'optional(string, "/health")',
        'optional(string, "/status")',
      ),
    `${TF}: module "alb": web's target group checks /status`,
  ],
  [
    'an image name',
    'terraform',
    (c) =>
      c.replace(`${TF}/main.tf`, '"web"      = "gatehouse-web"', '"web"      = "gatehouse-webapp"'),
    `${TF}: local.repositories["web"] is gatehouse-webapp, the image is named gatehouse-web`,
  ],
  [
    'no rollback',
    'terraform',
    (c) => c.replace(`${TF}/modules/ecs/services.tf`, 'rollback = true', 'rollback = false'),
    `${TF}: modules/ecs: services need deployment_circuit_breaker`,
  ],
  [
    'the simple stack writes a variable compose ignores',
    'terraform',
    (c) =>
      c.replace(
        SIMPLE,
        'echo "SESSION_SECRET=',
        'echo "COOKIE_SECRET=$(openssl rand -hex 32)"\n      echo "SESSION_SECRET=',
      ),
    `${SIMPLE}: writes COOKIE_SECRET to .env, but docker-compose.yml never uses it`,
  ],
  [
    'compose stops reading a secret the simple stack writes',
    'terraform',
    (c) =>
      c.replace(
        COMPOSE,
        '${JWT_SECRET:?set JWT_SECRET in .env (openssl rand -hex 32)}',
        'fixed-secret-fixed-secret-fixed-secret',
      ),
    `${SIMPLE}: writes JWT_SECRET to .env, but docker-compose.yml never uses it`,
  ],
  [
    'Caddy proxies to the wrong port',
    'terraform',
    (c) => c.replace(SIMPLE, 'reverse_proxy auth:8000', 'reverse_proxy auth:8080'),
    `${SIMPLE}: Caddy proxies to auth:8080, auth-api listens on 8000`,
  ],
];

const WORKFLOW_MUTATIONS: Mutation[] = [
  [
    'an invalid workflow (linter)',
    'workflows',
    (c) => c.replace(DEPLOY, '    runs-on: ubuntu-24.04', '    run-on: ubuntu-24.04'),
    `${DEPLOY}:`,
  ],
  [
    'an unpinned action',
    'workflows',
    (c) =>
      c.replace(
        BUILD,
        'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683',
        'actions/checkout@v4',
      ),
    `${BUILD}: actions/checkout@v4 is not pinned`,
  ],
  [
    'no id-token permission',
    'workflows',
    (c) =>
      c.replace(
        DEPLOY,
        '      id-token: write # OIDC token for the AWS role',
        '      contents: read',
      ),
    `${DEPLOY}: job deploy assumes an AWS role but lacks permissions: id-token: write`,
  ],
  [
    'write-all',
    'workflows',
    (c) => c.replace(CI, 'permissions:\n  contents: read', 'permissions: write-all'),
    `${CI}: permissions: write-all`,
  ],
  [
    'stored AWS keys',
    'workflows',
    (c) =>
      c.replace(
        DEPLOY,
        '          role-session-name: deploy-${{ github.run_id }}',
        '          role-session-name: deploy-${{ github.run_id }}\n          aws-access-key-id: ${{ secrets.AWS_KEY }}',
      ),
    `${DEPLOY}: job deploy: stored AWS keys`,
  ],
  [
    'Node 24 dropped',
    'workflows',
    (c) => c.replace(CI, 'node: [20, 22, 24]', 'node: [20, 22]'),
    `${CI}: Node 24 is not in the test matrix`,
  ],
  [
    'no Redis service',
    'workflows',
    (c) => c.replace(CI, 'image: redis:7', 'image: valkey/valkey:8'),
    `${CI}: no Redis service container`,
  ],
  [
    'not the README test command',
    'workflows',
    (c) => c.replace(CI, '        run: npm test\n', '        run: npx nx run-many -t test\n'),
    `${CI}: does not run the README's test command (npm test)`,
  ],
  [
    'a repository not in ECR',
    'workflows',
    (c) => c.replace(BUILD, 'repository: gatehouse-ml-cli', 'repository: gatehouse-ml'),
    `${BUILD}: pushes to [gatehouse-auth-api, gatehouse-ml, gatehouse-web]`,
  ],
  [
    'ECR renames a repository',
    'workflows',
    (c) =>
      c.replace(`${TF}/main.tf`, '"ml-cli"   = "gatehouse-ml-cli"', '"ml-cli"   = "gatehouse-ml"'),
    `${DEPLOY}: TASKS uses repository gatehouse-ml-cli, not one of`,
  ],
  [
    'a container the stack lacks',
    'workflows',
    (c) => c.replace(DEPLOY, '        web:gatehouse-web', '        webapp:gatehouse-web'),
    `${DEPLOY}: TASKS has webapp, which is not a task definition/container of the stack`,
  ],
  [
    'no migrations',
    'workflows',
    (c) => c.replace(DEPLOY, 'task="$(aws ecs run-task', 'task="$(aws ecs start-task'),
    `${DEPLOY}: never runs aws ecs run-task`,
  ],
  [
    'not after the build',
    'workflows',
    (c) => c.replace(DEPLOY, 'workflows: [build-and-push]', 'workflows: [build]'),
    `${DEPLOY}: does not run after the build workflow (build-and-push)`,
  ],
];

const AUTH_TRUST = 'TRUST_PROXY: 10.213.0.10,10.213.0.11';
const ECS_AUTH_TRUST =
  'TRUST_PROXY      = join(",", concat(["loopback"], module.vpc.public_subnet_cidrs, module.vpc.private_subnet_cidrs))';
const ECS_WEB_TRUST = 'TRUST_PROXY  = join(",", module.vpc.public_subnet_cidrs)';

/** Who may name the client in X-Forwarded-For: too much, or (compose) not the web app. */
const PROXY_TRUST_MUTATIONS: Mutation[] = [
  [
    'compose: auth trusts the private ranges',
    'proxy-trust',
    (c) => c.replace(COMPOSE, AUTH_TRUST, 'TRUST_PROXY: 10.0.0.0/8,172.16.0.0/12,192.168.0.0/16'),
    `${COMPOSE}: auth: TRUST_PROXY 10.0.0.0/8 trusts a whole range, not the proxy's address`,
  ],
  [
    'compose: auth trusts anyone',
    'proxy-trust',
    (c) => c.replace(COMPOSE, AUTH_TRUST, "TRUST_PROXY: 'true'"),
    `${COMPOSE}: auth: TRUST_PROXY true lets every client choose its own IP`,
  ],
  [
    'compose: auth trusts another container',
    'proxy-trust',
    (c) => c.replace(COMPOSE, AUTH_TRUST, `${AUTH_TRUST},10.213.0.12`),
    `${COMPOSE}: auth: TRUST_PROXY trusts 10.213.0.12, which is neither app nor`,
  ],
  [
    'compose: auth does not trust the web app (every browser would share its IP)',
    'proxy-trust',
    (c) => c.replace(COMPOSE, AUTH_TRUST, 'TRUST_PROXY: 10.213.0.10'),
    `${COMPOSE}: auth: TRUST_PROXY must trust app (10.213.0.11), or every browser shares its IP`,
  ],
  [
    'compose: web trusts anyone by default',
    'proxy-trust',
    (c) => c.replace(COMPOSE, '${TRUST_PROXY:-false}', '${TRUST_PROXY:-true}'),
    `${COMPOSE}: app: TRUST_PROXY defaults to a value that true lets every client`,
  ],
  [
    'compose: the web app has no fixed address',
    'proxy-trust',
    (c) => c.replace(COMPOSE, /ipv4_address: 10\.213\.0\.11.*/, ''),
    `${COMPOSE}: app: needs a fixed ipv4_address on the default network`,
  ],
  [
    'compose: a fixed address inside the dynamic range',
    'proxy-trust',
    (c) => c.replace(COMPOSE, 'ip_range: 10.213.0.128/25', 'ip_range: 10.213.0.0/25'),
    `${COMPOSE}: app: 10.213.0.11 is inside ip_range 10.213.0.0/25`,
  ],
  [
    'simple stack: web trusts anyone',
    'proxy-trust',
    (c) => c.replace(SIMPLE, /^TRUST_PROXY=.*$/m, 'TRUST_PROXY=true'),
    `${SIMPLE}: settings.env TRUST_PROXY true lets every client choose its own IP`,
  ],
  [
    'simple stack: web trusts two hops',
    'proxy-trust',
    (c) => c.replace(SIMPLE, /^TRUST_PROXY=.*$/m, 'TRUST_PROXY=2'),
    `${SIMPLE}: settings.env TRUST_PROXY 2 hops: only one load balancer stands in front`,
  ],
  [
    'simple stack: Caddy moves to an address nobody trusts',
    'proxy-trust',
    (c) => c.replace(SIMPLE, 'ipv4_address: 10.213.0.10', 'ipv4_address: 10.213.0.20'),
    `${SIMPLE}: settings.env TRUST_PROXY must be the proxy's address 10.213.0.20 (got 10.213.0.10)`,
  ],
  [
    'ECS: web trusts anyone',
    'proxy-trust',
    (c) => c.replace(`${TF}/service-config.tf`, ECS_WEB_TRUST, 'TRUST_PROXY = "true"'),
    `${TF}/service-config.tf: web: TRUST_PROXY true lets every client choose its own IP`,
  ],
  [
    "ECS: web also trusts the tasks' subnets",
    'proxy-trust',
    (c) =>
      c.replace(
        `${TF}/service-config.tf`,
        ECS_WEB_TRUST,
        'TRUST_PROXY = join(",", concat(module.vpc.public_subnet_cidrs, module.vpc.private_subnet_cidrs))',
      ),
    `${TF}/service-config.tf: web: TRUST_PROXY trusts module.vpc.private_subnet_cidrs; only module.vpc.public_subnet_cidrs may name clients`,
  ],
  [
    'ECS: auth-api trusts the whole VPC',
    'proxy-trust',
    (c) => c.replace(`${TF}/service-config.tf`, ECS_AUTH_TRUST, 'TRUST_PROXY = var.vpc_cidr'),
    `${TF}/service-config.tf: auth_api: TRUST_PROXY trusts var.vpc_cidr`,
  ],
  [
    'ECS: auth-api trusts a literal range',
    'proxy-trust',
    (c) => c.replace(`${TF}/service-config.tf`, 'concat(["loopback"]', 'concat(["10.0.0.0/8"]'),
    `${TF}/service-config.tf: auth_api: TRUST_PROXY 10.0.0.0/8 trusts a whole range`,
  ],
  [
    "ECS: the ALB keeps the client's X-Forwarded-For as sent",
    'proxy-trust',
    (c) =>
      c.replace(
        `${TF}/modules/alb/main.tf`,
        'xff_header_processing_mode = "append"',
        'xff_header_processing_mode = "preserve"',
      ),
    `${TF}/modules/alb: aws_lb must set xff_header_processing_mode = "append"`,
  ],
  [
    "ECS: the ALB's ranges are another tier's subnets",
    'proxy-trust',
    (c) =>
      c.replace(
        `${TF}/modules/vpc/outputs.tf`,
        'value       = aws_subnet.public[*].cidr_block',
        'value       = aws_subnet.private[*].cidr_block',
      ),
    `${TF}/modules/vpc: output public_subnet_cidrs must be the cidr_block of the subnets alb runs in`,
  ],
  [
    'auth-api does not trust the web app npm start runs beside it',
    'proxy-trust',
    (c) => c.replace(AUTH_CONFIG, "TRUST_PROXY = 'loopback';", "TRUST_PROXY = 'false';"),
    'auth-api: the default TRUST_PROXY must trust loopback, where web runs',
  ],
  [
    'web trusts anyone by default',
    'proxy-trust',
    (c) => c.replace(WEB_CONFIG, "TRUST_PROXY = 'false';", "TRUST_PROXY = 'true';"),
    'web: the default TRUST_PROXY true lets every client choose its own IP',
  ],
  [
    '.env.example trusts anyone',
    'proxy-trust',
    (c) => c.replace(ENV, /^TRUST_PROXY=.*$/m, 'TRUST_PROXY=true'),
    `${ENV}: TRUST_PROXY true lets every client choose its own IP`,
  ],
];

describe('the repository', () => {
  it('passes every check', async () => {
    expect(await checkAll(WORKSPACE_ROOT)).toEqual({
      dockerfiles: [],
      compose: [],
      'env-example': [],
      terraform: [],
      'terraform-fmt': [],
      workflows: [],
      'proxy-trust': [],
      'asvs-map': [],
      'folder-cycles': [],
    });
  });
});

describe.each([
  ['Dockerfiles', DOCKERFILES],
  ['docker-compose.yml', COMPOSE_MUTATIONS],
  ['.env.example', ENV_MUTATIONS],
  ['Terraform', TERRAFORM_MUTATIONS],
  ['workflows', WORKFLOW_MUTATIONS],
  ['proxy trust', PROXY_TRUST_MUTATIONS],
])('%s: a broken copy fails', (_, mutations) => {
  let copy: BrokenCopy;
  beforeEach(() => {
    copy = brokenCopy();
  });
  afterEach(() => copy.dispose());

  it.each(mutations)('%s', async (_description, check, breakIt, expected) => {
    breakIt(copy);

    expect(await runCheck(check, copy.root)).toContainEqual(expect.stringContaining(expected));
  });
});

const terraformInstalled = checkTerraformFmt(WORKSPACE_ROOT).ran;

describe('terraform fmt', () => {
  (terraformInstalled ? it : it.skip)('fails on a file that is not formatted', async () => {
    const copy = brokenCopy();
    try {
      copy.replace(`${TF}/main.tf`, '  source = "./modules/vpc"', '  source =     "./modules/vpc"');

      expect(await runCheck('terraform-fmt', copy.root)).toEqual([
        `${TF}/main.tf: not formatted (terraform fmt -check)`,
      ]);
    } finally {
      copy.dispose();
    }
  });
});
