variable "name" {
  description = "Cluster name and prefix of families, services and security groups, e.g. gatehouse-staging."
  type        = string
}

variable "region" {
  description = "AWS region, for the awslogs driver."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the tasks."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets the tasks run in (no public IPs)."
  type        = list(string)
}

variable "alb_security_group_id" {
  description = "Security group of the ALB; services accept traffic from it on their port only."
  type        = string
}

variable "database" {
  description = "PostgreSQL security group and port; auth-api may connect to it, nothing else."
  type = object({
    security_group_id = string
    port              = number
  })
}

variable "redis" {
  description = "Redis security group and port; auth-api may connect to it, nothing else."
  type = object({
    security_group_id = string
    port              = number
  })
}

variable "smtp_port" {
  description = "Outbound port auth-api may use to reach its mail server; null when no SMTP_URL is set."
  type        = number
  default     = null
}

variable "execution_role_arn" {
  description = "Task execution role (image pull, logs, secret injection)."
  type        = string
}

variable "task_role_arns" {
  description = "Task role by app; keys auth-api, web and ml-cli."
  type        = map(string)

  validation {
    condition     = alltrue([for k in ["auth-api", "web", "ml-cli"] : contains(keys(var.task_role_arns), k)])
    error_message = "task_role_arns needs the keys auth-api, web and ml-cli."
  }
}

variable "auth_api" {
  description = "auth-api: image, size, scaling bounds, target group, and its environment/secrets (null values are left out)."
  type = object({
    image            = string
    port             = number
    liveness_path    = string
    cpu              = number
    memory           = number
    min_count        = number
    max_count        = number
    target_group_arn = string
    environment      = map(string)
    secrets          = map(string)
  })
}

variable "web" {
  description = "web: same shape as auth_api."
  type = object({
    image            = string
    port             = number
    liveness_path    = string
    cpu              = number
    memory           = number
    min_count        = number
    max_count        = number
    target_group_arn = string
    environment      = map(string)
    secrets          = map(string)
  })
}

variable "ml_cli" {
  description = "ml-cli batch image: size and environment/secrets. Task definition only, no service."
  type = object({
    image       = string
    cpu         = number
    memory      = number
    environment = map(string)
    secrets     = map(string)
  })
}

variable "auth_api_dns_name" {
  description = "Name web uses to reach auth-api through Service Connect (http://<name>:<port>)."
  type        = string
  default     = "auth-api"
}

variable "cpu_architecture" {
  description = "CPU architecture the images are built for: X86_64 or ARM64 (Graviton, about 20% cheaper)."
  type        = string
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be X86_64 or ARM64."
  }
}

variable "cpu_target_percent" {
  description = "Average service CPU that autoscaling keeps the services at."
  type        = number
  default     = 60

  validation {
    condition     = var.cpu_target_percent >= 20 && var.cpu_target_percent <= 90
    error_message = "cpu_target_percent must be between 20 and 90."
  }
}

variable "container_insights" {
  description = "Enable CloudWatch Container Insights (per-task metrics; billed as custom metrics)."
  type        = bool
  default     = false
}

variable "log_group_prefix" {
  description = "Prefix of the log groups: <prefix>/auth-api, /web, /ml-cli."
  type        = string
}

variable "log_retention_days" {
  description = "Retention of the task log groups."
  type        = number
}
