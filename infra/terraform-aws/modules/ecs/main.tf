locals {
  # Long-running services behind the ALB. Both share one shape (see variables.tf).
  services = {
    "auth-api" = var.auth_api
    "web"      = var.web
  }

  # One-off task definitions, started with `aws ecs run-task` (see the README), never as services.
  one_off_tasks = {
    # Same image, environment and secrets as the service; only the command differs.
    "auth-api-migrate" = {
      app            = "auth-api"
      image          = var.auth_api.image
      cpu            = var.auth_api.cpu
      memory         = var.auth_api.memory
      command        = ["node", "main.js", "migrate"]
      environment    = var.auth_api.environment
      secrets        = var.auth_api.secrets
      read_only_root = true
    }
    # The image's own command; pass the pipeline stage with --overrides. It writes models and
    # reports to its working directory, so its root filesystem stays writable.
    "ml-cli" = {
      app            = "ml-cli"
      image          = var.ml_cli.image
      cpu            = var.ml_cli.cpu
      memory         = var.ml_cli.memory
      command        = null
      environment    = var.ml_cli.environment
      secrets        = var.ml_cli.secrets
      read_only_root = false
    }
  }

  apps = toset(["auth-api", "web", "ml-cli"])
}

resource "aws_service_discovery_http_namespace" "this" {
  name        = var.name
  description = "Service Connect names inside ${var.name}"
}

resource "aws_ecs_cluster" "this" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = var.container_insights ? "enabled" : "disabled"
  }

  service_connect_defaults {
    namespace = aws_service_discovery_http_namespace.this.arn
  }
}

resource "aws_cloudwatch_log_group" "app" {
  for_each = local.apps

  name              = "${var.log_group_prefix}/${each.key}"
  retention_in_days = var.log_retention_days
}
