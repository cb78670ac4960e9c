locals {
  name             = "gatehouse-${var.environment}"
  log_group_prefix = "/ecs/${local.name}"

  # Fixed names: CI pushes to exactly these repositories (see README, "Images and deploys").
  repositories = {
    "auth-api" = "gatehouse-auth-api"
    "web"      = "gatehouse-web"
    "ml-cli"   = "gatehouse-ml-cli"
  }
  registry = "${var.aws_account_id}.dkr.ecr.${var.aws_region}.amazonaws.com"
  images   = { for app, repo in local.repositories : app => "${local.registry}/${repo}:${var.image_tag}" }

  ports = {
    "auth-api" = 8000
    "web"      = 8001
  }
  web_url               = "https://${var.web_domain_name}"
  api_url               = "https://${var.api_domain_name}"
  auth_api_dns_name     = "auth-api"
  auth_api_internal_url = "http://${local.auth_api_dns_name}:${local.ports["auth-api"]}"

  # The execution role may read exactly the secrets the task definitions reference:
  # strip the ":<json key>::" suffix from each reference to get the secret ARN.
  task_secret_arns = distinct([
    for ref in concat(values(local.auth_api_secrets), values(local.web_secrets), values(local.ml_cli_secrets)) :
    join(":", slice(split(":", ref), 0, 7)) if ref != null
  ])
}

module "vpc" {
  source = "./modules/vpc"

  name               = local.name
  cidr_block         = var.vpc_cidr
  single_nat_gateway = var.single_nat_gateway
}

module "ecr" {
  source = "./modules/ecr"
  count  = var.create_ecr_repositories ? 1 : 0

  repository_names = values(local.repositories)
  max_image_count  = var.ecr_max_image_count
}

module "s3" {
  source = "./modules/s3"

  name                               = local.name
  force_destroy                      = var.ml_bucket_force_destroy
  noncurrent_version_expiration_days = var.ml_noncurrent_version_expiration_days
}

module "rds" {
  source = "./modules/rds"

  name                        = local.name
  vpc_id                      = module.vpc.vpc_id
  subnet_ids                  = module.vpc.private_subnet_ids
  client_security_group_ids   = { "auth-api" = module.ecs.security_group_ids["auth-api"] }
  engine_version              = var.db_engine_version
  instance_class              = var.db_instance_class
  allocated_storage_gb        = var.db_allocated_storage_gb
  max_allocated_storage_gb    = var.db_max_allocated_storage_gb
  multi_az                    = var.db_multi_az
  backup_retention_days       = var.db_backup_retention_days
  deletion_protection         = var.deletion_protection
  skip_final_snapshot         = var.db_skip_final_snapshot
  log_retention_days          = var.log_retention_days
  secret_recovery_window_days = var.secret_recovery_window_days
}

module "elasticache" {
  source = "./modules/elasticache"

  name                        = local.name
  vpc_id                      = module.vpc.vpc_id
  subnet_ids                  = module.vpc.private_subnet_ids
  client_security_group_ids   = { "auth-api" = module.ecs.security_group_ids["auth-api"] }
  node_type                   = var.redis_node_type
  node_count                  = var.redis_node_count
  engine_version              = var.redis_engine_version
  snapshot_retention_days     = var.redis_snapshot_retention_days
  secret_recovery_window_days = var.secret_recovery_window_days
}

module "iam" {
  source = "./modules/iam"

  name                     = local.name
  environment              = var.environment
  region                   = var.aws_region
  cluster_name             = module.ecs.cluster_name
  secret_arns              = local.task_secret_arns
  ecr_repository_names     = values(local.repositories)
  log_group_prefix         = local.log_group_prefix
  ml_bucket_arn            = module.s3.bucket_arn
  ml_bucket_prefixes       = [module.s3.data_prefix, module.s3.artifacts_prefix]
  one_off_task_families    = [for name in ["auth-api-migrate", "ml-cli"] : module.ecs.task_definition_families[name]]
  github_repository        = var.github_repository
  github_oidc_provider_arn = var.github_oidc_provider_arn
}

module "alb" {
  source = "./modules/alb"

  name                = local.name
  vpc_id              = module.vpc.vpc_id
  subnet_ids          = module.vpc.public_subnet_ids
  certificate_arn     = var.certificate_arn
  deletion_protection = var.deletion_protection
  route53_zone_id     = var.route53_zone_id
  # auth-api's Prometheus endpoint is for the private network only.
  private_paths = ["/metrics", "/metrics/*"]

  targets = {
    "auth-api" = { port = local.ports["auth-api"], host_names = [var.api_domain_name] }
    "web"      = { port = local.ports["web"], host_names = [var.web_domain_name] }
  }
  target_security_group_ids = {
    "auth-api" = module.ecs.security_group_ids["auth-api"]
    "web"      = module.ecs.security_group_ids["web"]
  }
}

module "ecs" {
  source = "./modules/ecs"

  name                  = local.name
  region                = var.aws_region
  vpc_id                = module.vpc.vpc_id
  subnet_ids            = module.vpc.private_subnet_ids
  alb_security_group_id = module.alb.security_group_id
  database              = { security_group_id = module.rds.security_group_id, port = module.rds.port }
  redis                 = { security_group_id = module.elasticache.security_group_id, port = module.elasticache.port }
  smtp_port             = var.smtp_url_secret_arn == null ? null : var.smtp_port
  execution_role_arn    = module.iam.execution_role_arn
  task_role_arns        = module.iam.task_role_arns
  auth_api_dns_name     = local.auth_api_dns_name
  cpu_architecture      = var.cpu_architecture
  cpu_target_percent    = var.cpu_target_percent
  container_insights    = var.enable_container_insights
  log_group_prefix      = local.log_group_prefix
  log_retention_days    = var.log_retention_days

  auth_api = {
    image            = local.images["auth-api"]
    port             = local.ports["auth-api"]
    liveness_path    = "/health/live"
    cpu              = var.auth_api_task.cpu
    memory           = var.auth_api_task.memory
    min_count        = var.auth_api_task.min_count
    max_count        = var.auth_api_task.max_count
    target_group_arn = module.alb.target_group_arns["auth-api"]
    environment      = local.auth_api_environment
    secrets          = local.auth_api_secrets
  }

  web = {
    image            = local.images["web"]
    port             = local.ports["web"]
    liveness_path    = "/health/live"
    cpu              = var.web_task.cpu
    memory           = var.web_task.memory
    min_count        = var.web_task.min_count
    max_count        = var.web_task.max_count
    target_group_arn = module.alb.target_group_arns["web"]
    environment      = local.web_environment
    secrets          = local.web_secrets
  }

  ml_cli = {
    image       = local.images["ml-cli"]
    cpu         = var.ml_cli_task.cpu
    memory      = var.ml_cli_task.memory
    environment = local.ml_cli_environment
    secrets     = local.ml_cli_secrets
  }
}
