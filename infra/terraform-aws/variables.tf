# --- Account and naming

variable "aws_account_id" {
  description = "Account this environment lives in; the provider refuses any other (guards against applying to the wrong account)."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.aws_account_id))
    error_message = "aws_account_id must be 12 digits."
  }
}

variable "aws_region" {
  description = "Region for every resource, e.g. eu-west-1."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.aws_region))
    error_message = "aws_region must look like eu-west-1."
  }
}

variable "environment" {
  description = "Environment name (staging, production, …). Names resources gatehouse-<environment> and must match the GitHub environment that deploys it."
  type        = string

  validation {
    # Short enough for the 32-character ALB target group names.
    condition     = can(regex("^[a-z][a-z0-9-]{1,11}$", var.environment))
    error_message = "environment must be 2-12 characters of a-z, 0-9 and '-', starting with a letter."
  }
}

variable "extra_tags" {
  description = "Tags added to every resource (cost centre, owner, …), next to Project/Environment/ManagedBy."
  type        = map(string)
  default     = {}
}

# --- Network and entry point

variable "vpc_cidr" {
  description = "IPv4 range of the VPC (/20 or larger). Pick distinct ranges per environment if they may ever be peered."
  type        = string
  default     = "10.20.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0))
    error_message = "vpc_cidr must be a valid IPv4 CIDR block."
  }
}

variable "single_nat_gateway" {
  description = "Share one NAT gateway between AZs (saves ~33 USD/month per AZ; an AZ outage then cuts outbound traffic)."
  type        = bool
  default     = false
}

variable "web_domain_name" {
  description = "Public host name of the web app, e.g. app.example.com."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,}$", var.web_domain_name))
    error_message = "web_domain_name must be a lower-case DNS name."
  }
}

variable "api_domain_name" {
  description = "Public host name of auth-api, e.g. auth.example.com. The ALB routes by host, since both apps serve /health."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,}$", var.api_domain_name))
    error_message = "api_domain_name must be a lower-case DNS name."
  }
}

variable "certificate_arn" {
  description = "Issued ACM certificate in aws_region covering web_domain_name and api_domain_name (request it once, outside this stack)."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN."
  }
}

variable "route53_zone_id" {
  description = "Route 53 hosted zone to create the two alias records in; null when DNS is managed elsewhere (then CNAME both names to alb_dns_name)."
  type        = string
  default     = null

  validation {
    condition     = var.route53_zone_id == null || can(regex("^Z[A-Z0-9]+$", var.route53_zone_id))
    error_message = "route53_zone_id must look like Z0123456789ABCDEFGHIJ."
  }
}

# --- Images and tasks

variable "image_tag" {
  description = "Full commit SHA whose images (gatehouse-auth-api, gatehouse-web, gatehouse-ml-cli) are in ECR. Used when Terraform registers task definitions; after that the deploy workflow sets the running image."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{40}$", var.image_tag))
    error_message = "image_tag must be a full 40-character commit SHA (the tag CI pushes)."
  }
}

variable "create_ecr_repositories" {
  description = "Create the three ECR repositories. Repository names are per account and region, so set false in all but one environment that shares an account."
  type        = bool
  default     = true
}

variable "ecr_max_image_count" {
  description = "Images kept per ECR repository."
  type        = number
  default     = 50
}

variable "cpu_architecture" {
  description = "Architecture the images are built for: X86_64, or ARM64 (Graviton, ~20% cheaper; CI must build arm64)."
  type        = string
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be X86_64 or ARM64."
  }
}

variable "auth_api_task" {
  description = "auth-api size (CPU units, MiB) and task count bounds. Password hashing (argon2) is CPU-bound, hence half a vCPU."
  type = object({
    cpu       = number
    memory    = number
    min_count = number
    max_count = number
  })
  default = { cpu = 512, memory = 1024, min_count = 1, max_count = 4 }

  validation {
    condition = (
      contains([256, 512, 1024, 2048, 4096], var.auth_api_task.cpu)
      && var.auth_api_task.memory >= 2 * var.auth_api_task.cpu && var.auth_api_task.memory <= 8 * var.auth_api_task.cpu
      && var.auth_api_task.min_count >= 1 && var.auth_api_task.min_count <= var.auth_api_task.max_count
    )
    error_message = "auth_api_task: cpu in 256/512/1024/2048/4096, memory 2-8x cpu (a Fargate size), 1 <= min_count <= max_count."
  }
}

variable "web_task" {
  description = "web size (CPU units, MiB) and task count bounds."
  type = object({
    cpu       = number
    memory    = number
    min_count = number
    max_count = number
  })
  default = { cpu = 256, memory = 512, min_count = 1, max_count = 4 }

  validation {
    condition = (
      contains([256, 512, 1024, 2048, 4096], var.web_task.cpu)
      && var.web_task.memory >= 2 * var.web_task.cpu && var.web_task.memory <= 8 * var.web_task.cpu
      && var.web_task.min_count >= 1 && var.web_task.min_count <= var.web_task.max_count
    )
    error_message = "web_task: cpu in 256/512/1024/2048/4096, memory 2-8x cpu (a Fargate size), 1 <= min_count <= max_count."
  }
}

variable "ml_cli_task" {
  description = "ml-cli size (CPU units, MiB) for on-demand runs."
  type = object({
    cpu    = number
    memory = number
  })
  default = { cpu = 1024, memory = 4096 }

  validation {
    condition = (
      contains([256, 512, 1024, 2048, 4096], var.ml_cli_task.cpu)
      && var.ml_cli_task.memory >= 2 * var.ml_cli_task.cpu && var.ml_cli_task.memory <= 8 * var.ml_cli_task.cpu
    )
    error_message = "ml_cli_task: cpu in 256/512/1024/2048/4096 and memory 2-8x cpu (a Fargate size)."
  }
}

variable "cpu_target_percent" {
  description = "Average CPU that autoscaling keeps each service at."
  type        = number
  default     = 60
}

variable "enable_container_insights" {
  description = "CloudWatch Container Insights on the cluster (per-task metrics, billed as custom metrics)."
  type        = bool
  default     = false
}

variable "log_retention_days" {
  description = "Retention of the task and PostgreSQL log groups."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, …)."
  }
}

# --- PostgreSQL

variable "db_instance_class" {
  description = "RDS instance class."
  type        = string
  default     = "db.t4g.micro"
}

variable "db_engine_version" {
  description = "PostgreSQL major (minor upgrades are automatic) or exact version."
  type        = string
  default     = "16"
}

variable "db_allocated_storage_gb" {
  description = "Initial storage in GiB."
  type        = number
  default     = 20
}

variable "db_max_allocated_storage_gb" {
  description = "Storage autoscaling ceiling in GiB."
  type        = number
  default     = 100
}

variable "db_multi_az" {
  description = "Synchronous standby in a second AZ (doubles the instance price; failover in about a minute)."
  type        = bool
  default     = false
}

variable "db_backup_retention_days" {
  description = "Days of automated backups and point-in-time recovery."
  type        = number
  default     = 7

  validation {
    condition     = var.db_backup_retention_days >= 1 && var.db_backup_retention_days <= 35
    error_message = "db_backup_retention_days must be between 1 and 35."
  }
}

variable "deletion_protection" {
  description = "Deletion protection on the database and the load balancer. Switch off (and apply) before destroying."
  type        = bool
  default     = true
}

variable "db_skip_final_snapshot" {
  description = "Destroy the database without a final snapshot. Only for throwaway environments."
  type        = bool
  default     = false
}

# --- Redis

variable "redis_node_type" {
  description = "ElastiCache node type."
  type        = string
  default     = "cache.t4g.micro"
}

variable "redis_node_count" {
  description = "Redis nodes: 1 (no replica) or 2+ (replicas, automatic failover across AZs)."
  type        = number
  default     = 1
}

variable "redis_engine_version" {
  description = "Redis OSS version (major.minor)."
  type        = string
  default     = "7.1"
}

variable "redis_snapshot_retention_days" {
  description = "Days of daily Redis snapshots (0 disables them)."
  type        = number
  default     = 1
}

# --- ML bucket

variable "ml_bucket_force_destroy" {
  description = "Let terraform destroy empty the ML bucket. Only for throwaway environments."
  type        = bool
  default     = false
}

variable "ml_noncurrent_version_expiration_days" {
  description = "Days overwritten or deleted ML objects stay recoverable."
  type        = number
  default     = 90
}

# --- Application settings (see service-config.tf for where each one goes)

variable "secret_recovery_window_days" {
  description = "Days a deleted Secrets Manager secret can be restored: 0 (delete at once; lets a destroyed staging be re-created under the same names) or 7-30."
  type        = number
  default     = 7

  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30)
    error_message = "secret_recovery_window_days must be 0 or between 7 and 30."
  }
}

variable "jwt_algorithm" {
  description = "Access-token signing: HS256 (secret generated here) or RS256/ES256 (bring the private key, see jwt_private_key_secret_arn)."
  type        = string
  default     = "HS256"

  validation {
    condition     = contains(["HS256", "RS256", "ES256"], var.jwt_algorithm)
    error_message = "jwt_algorithm must be HS256, RS256 or ES256."
  }
}

variable "jwt_private_key_secret_arn" {
  description = "For RS256/ES256: Secrets Manager secret holding the PEM private key (ARN, or <arn>:<json key>:: for a JSON secret). Created outside Terraform so the key never enters state."
  type        = string
  default     = null

  validation {
    condition     = var.jwt_algorithm == "HS256" ? var.jwt_private_key_secret_arn == null : can(regex("^arn:aws[a-z-]*:secretsmanager:", var.jwt_private_key_secret_arn))
    error_message = "Set jwt_private_key_secret_arn (a Secrets Manager ARN) for RS256/ES256, and leave it null for HS256."
  }
}

variable "jwt_issuer" {
  description = "JWT iss claim; null uses https://<api_domain_name>."
  type        = string
  default     = null
}

variable "jwt_audience" {
  description = "JWT aud claim."
  type        = string
  default     = "gatehouse"

  validation {
    condition     = length(var.jwt_audience) > 0
    error_message = "jwt_audience must not be empty."
  }
}

variable "admin_email" {
  description = "Bootstrap administrator; when set, a random ADMIN_PASSWORD is generated into the auth-api secret. null creates none."
  type        = string
  default     = null

  validation {
    condition     = var.admin_email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.admin_email))
    error_message = "admin_email must be an email address."
  }
}

variable "mail_from" {
  description = "Sender of outgoing mail, e.g. \"Gatehouse <no-reply@example.com>\"."
  type        = string

  validation {
    condition     = can(regex("^([^<>]+ <)?[^@\\s<>]+@[^@\\s<>]+>?$", var.mail_from))
    error_message = "mail_from must be an address or \"Name <address>\"."
  }
}

variable "smtp_url_secret_arn" {
  description = "Secrets Manager secret (created outside Terraform) whose value is SMTP_URL, e.g. smtps://user:pass@host:465. null sends no mail."
  type        = string
  default     = null

  validation {
    condition     = var.smtp_url_secret_arn == null || can(regex("^arn:aws[a-z-]*:secretsmanager:", var.smtp_url_secret_arn))
    error_message = "smtp_url_secret_arn must be a Secrets Manager ARN."
  }
}

variable "smtp_port" {
  description = "Port of the SMTP server in SMTP_URL; auth-api may open outbound connections to it only."
  type        = number
  default     = 587

  validation {
    condition     = contains([25, 465, 587, 2525], var.smtp_port)
    error_message = "smtp_port must be 25, 465, 587 or 2525."
  }
}

variable "mlflow_tracking_uri" {
  description = "HTTPS URL of the MLflow tracking server ml-cli reports to (not part of this stack); null leaves MLFLOW_TRACKING_URI unset."
  type        = string
  default     = null

  validation {
    condition     = var.mlflow_tracking_uri == null || can(regex("^https://", var.mlflow_tracking_uri))
    error_message = "mlflow_tracking_uri must be an https:// URL (tasks may only leave the VPC on 443)."
  }
}

variable "mlflow_tracking_token_secret_arn" {
  description = "Secrets Manager secret holding a bearer token for the MLflow server (MLFLOW_TRACKING_TOKEN); null sends none."
  type        = string
  default     = null

  validation {
    condition     = var.mlflow_tracking_token_secret_arn == null || can(regex("^arn:aws[a-z-]*:secretsmanager:", var.mlflow_tracking_token_secret_arn))
    error_message = "mlflow_tracking_token_secret_arn must be a Secrets Manager ARN."
  }
}

# --- CI

variable "github_repository" {
  description = "owner/name of the repository whose GitHub Actions deploy this environment (OIDC role); null creates no role."
  type        = string
  default     = null
}

variable "github_oidc_provider_arn" {
  description = "Existing GitHub OIDC provider ARN (one per account: the second environment in an account passes the first one's); null creates it."
  type        = string
  default     = null

  validation {
    condition     = var.github_oidc_provider_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/token\\.actions\\.githubusercontent\\.com$", var.github_oidc_provider_arn))
    error_message = "github_oidc_provider_arn must be the ARN of the token.actions.githubusercontent.com OIDC provider."
  }
}
