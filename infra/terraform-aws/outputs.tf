locals {
  # awsvpc settings for `aws ecs run-task`: private subnets, the app's own security group.
  run_task_network = "awsvpcConfiguration={subnets=[${join(",", module.vpc.private_subnet_ids)}],securityGroups=[%s],assignPublicIp=DISABLED}"
}

output "web_url" {
  description = "Public URL of the web app."
  value       = local.web_url
}

output "api_url" {
  description = "Public URL of auth-api."
  value       = local.api_url
}

output "alb_dns_name" {
  description = "ALB DNS name; CNAME web_domain_name and api_domain_name to it when route53_zone_id is null."
  value       = module.alb.dns_name
}

output "ecr_repository_urls" {
  description = "Where CI pushes <url>:<commit sha>, by app."
  value       = { for app, repo in local.repositories : app => "${local.registry}/${repo}" }
}

output "ecs_cluster_name" {
  description = "ECS cluster of this environment."
  value       = module.ecs.cluster_name
}

output "ecs_service_names" {
  description = "ECS service by app (auth-api, web)."
  value       = module.ecs.service_names
}

output "task_definition_families" {
  description = "Task definition family by name; the deploy workflow registers new revisions of each."
  value       = module.ecs.task_definition_families
}

output "migrate_command" {
  description = "Runs the migration task (latest revision of its family) once; wait for it to stop with exit code 0."
  value = join(" ", [
    "aws ecs run-task --region ${var.aws_region} --cluster ${module.ecs.cluster_name} --launch-type FARGATE",
    "--task-definition ${module.ecs.task_definition_families["auth-api-migrate"]}",
    "--network-configuration '${format(local.run_task_network, module.ecs.security_group_ids["auth-api"])}'",
  ])
}

output "ml_cli_run_command" {
  description = "Starts an ml-cli run; append --overrides to choose the pipeline stage (see README)."
  value = join(" ", [
    "aws ecs run-task --region ${var.aws_region} --cluster ${module.ecs.cluster_name} --launch-type FARGATE",
    "--task-definition ${module.ecs.task_definition_families["ml-cli"]}",
    "--network-configuration '${format(local.run_task_network, module.ecs.security_group_ids["ml-cli"])}'",
  ])
}

output "ml_bucket_name" {
  description = "S3 bucket for ML data (data/) and MLflow artifacts (mlflow/)."
  value       = module.s3.bucket_name
}

output "database_address" {
  description = "Private host name of PostgreSQL."
  value       = module.rds.address
}

output "redis_address" {
  description = "Private host name of the Redis primary."
  value       = module.elasticache.primary_endpoint_address
}

output "secret_arns" {
  description = "Secrets Manager secrets this stack created (ARNs only, never values)."
  value = {
    database = module.rds.secret_arn
    redis    = module.elasticache.secret_arn
    auth_api = aws_secretsmanager_secret_version.auth_api.arn
    web      = aws_secretsmanager_secret_version.web.arn
  }
}

output "log_group_names" {
  description = "CloudWatch log group by app."
  value       = module.ecs.log_group_names
}

output "deploy_role_arn" {
  description = "Role the GitHub deploy workflow assumes (AWS_ROLE_ARN); null without github_repository."
  value       = module.iam.deploy_role_arn
}

output "github_oidc_provider_arn" {
  description = "GitHub OIDC provider; pass as github_oidc_provider_arn to other environments in this account."
  value       = module.iam.github_oidc_provider_arn
}

output "nat_public_ips" {
  description = "Outbound addresses of the tasks (for allow-lists such as an SMTP relay)."
  value       = module.vpc.nat_public_ips
}
