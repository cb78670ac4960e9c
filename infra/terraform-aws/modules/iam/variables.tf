variable "name" {
  description = "Prefix for role names and of the ECS resources the deploy role may touch, e.g. gatehouse-staging."
  type        = string
}

variable "environment" {
  description = "Environment name; also the GitHub environment whose jobs may assume the deploy role."
  type        = string
}

variable "region" {
  description = "AWS region of the ECS cluster, log groups and ECR repositories."
  type        = string
}

variable "cluster_name" {
  description = "ECS cluster name; the deploy role may update services and run tasks only there."
  type        = string
}

variable "secret_arns" {
  description = "Secrets the ECS agent may read to inject into containers (nothing else)."
  type        = list(string)
}

variable "ecr_repository_names" {
  description = "Repositories tasks pull from and CI pushes to."
  type        = list(string)
}

variable "log_group_prefix" {
  description = "Prefix of the task log groups, e.g. /ecs/gatehouse-staging."
  type        = string
}

variable "ml_bucket_arn" {
  description = "ARN of the ML bucket ml-cli reads and writes."
  type        = string
}

variable "ml_bucket_prefixes" {
  description = "Key prefixes (with trailing slash) ml-cli may list, read and write."
  type        = list(string)
}

variable "one_off_task_families" {
  description = "Task definition families the deploy role may start with run-task (migrations, ML runs)."
  type        = list(string)
}

variable "github_repository" {
  description = "owner/name of the GitHub repository whose Actions may deploy; null creates no deploy role."
  type        = string
  default     = null

  validation {
    condition     = var.github_repository == null || can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository must look like owner/name."
  }
}

variable "github_oidc_provider_arn" {
  description = "Existing GitHub Actions OIDC provider in the account (one per account); null creates it."
  type        = string
  default     = null
}
