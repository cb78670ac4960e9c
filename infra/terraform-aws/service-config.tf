# Each service's environment and secrets, in one place per service. Keys are the variable names
# the app reads (its config schema), so a check can compare the two; a null value leaves the
# variable unset. Secrets are Secrets Manager references (<secret arn>[:<json key>::]) that ECS
# resolves when a task starts: no secret value is written here, in tfvars or in task definitions.

locals {
  auth_api_environment = {
    NODE_ENV = "production"
    HOST     = "0.0.0.0"
    PORT     = tostring(local.ports["auth-api"])
    # Who may name the client in X-Forwarded-For: the ALB (public subnets), web's tasks (private
    # subnets; the security groups let nothing else there reach auth-api) and the Service
    # Connect proxy, which may relay web's calls inside the task (loopback). Not the whole VPC.
    TRUST_PROXY      = join(",", concat(["loopback"], module.vpc.public_subnet_cidrs, module.vpc.private_subnet_cidrs))
    LOG_FORMAT       = "json"
    DATABASE_MIGRATE = "false" # migrations run as the one-off auth-api-migrate task, not at boot
    CORS_ORIGINS     = local.web_url
    WEB_BASE_URL     = local.web_url
    # Passkeys are bound to the web domain: the browser signs for it, auth-api checks both.
    WEBAUTHN_RP_ID   = var.web_domain_name
    WEBAUTHN_ORIGINS = local.web_url
    JWT_ALGORITHM    = var.jwt_algorithm
    JWT_ISSUER       = coalesce(var.jwt_issuer, local.api_url)
    JWT_AUDIENCE     = var.jwt_audience
    ADMIN_EMAIL      = var.admin_email
    MAIL_FROM        = var.mail_from
    # Without SMTP_URL mail is written as .eml files; the root filesystem is read-only, so they
    # go to the scratch volume and vanish with the task. Set smtp_url_secret_arn to send mail.
    MAIL_OUTBOX_DIR = var.smtp_url_secret_arn == null ? "/tmp/mail-outbox" : null
  }

  auth_api_secrets = {
    DATABASE_URL    = "${module.rds.secret_arn}:url::"
    REDIS_URL       = "${module.elasticache.secret_arn}:url::"
    JWT_SECRET      = var.jwt_algorithm == "HS256" ? "${aws_secretsmanager_secret_version.auth_api.arn}:JWT_SECRET::" : null
    JWT_PRIVATE_KEY = var.jwt_algorithm == "HS256" ? null : var.jwt_private_key_secret_arn
    ENCRYPTION_KEY  = "${aws_secretsmanager_secret_version.auth_api.arn}:ENCRYPTION_KEY::"
    ADMIN_PASSWORD  = var.admin_email == null ? null : "${aws_secretsmanager_secret_version.auth_api.arn}:ADMIN_PASSWORD::"
    SMTP_URL        = var.smtp_url_secret_arn
  }

  web_environment = {
    NODE_ENV     = "production"
    PORT         = tostring(local.ports["web"])
    AUTH_API_URL = local.auth_api_internal_url               # Service Connect: stays inside the VPC
    TRUST_PROXY  = join(",", module.vpc.public_subnet_cidrs) # only the ALB may name the browser
    LOG_FORMAT   = "json"
  }

  web_secrets = {
    SESSION_SECRET = "${aws_secretsmanager_secret_version.web.arn}:SESSION_SECRET::"
  }

  # ml-cli uploads artifacts through the MLflow server's artifact proxy, so the server (not
  # ml-cli) writes to s3://<ml bucket>/mlflow/; ml-cli's task role still covers its prefixes.
  ml_cli_environment = {
    MLFLOW_TRACKING_URI = var.mlflow_tracking_uri
  }

  ml_cli_secrets = {
    MLFLOW_TRACKING_TOKEN = var.mlflow_tracking_token_secret_arn
  }
}
