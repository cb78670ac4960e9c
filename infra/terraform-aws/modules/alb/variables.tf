variable "name" {
  description = "Prefix for resource names, e.g. gatehouse-staging (ALB and target group names are capped at 32 chars)."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the load balancer and its targets."
  type        = string
}

variable "subnet_ids" {
  description = "Public subnets in at least two AZs."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "An ALB needs subnets in at least two availability zones."
  }
}

variable "certificate_arn" {
  description = "ACM certificate for the HTTPS listener; must cover every host name in targets."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN."
  }
}

variable "ssl_policy" {
  description = "TLS policy of the HTTPS listener."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}

variable "targets" {
  description = "Services behind the ALB by name: container port, host names routed to it, health check path."
  type = map(object({
    port              = number
    host_names        = list(string)
    health_check_path = optional(string, "/health")
  }))
}

variable "target_security_group_ids" {
  description = "Security group of each target (same keys as targets); the ALB may reach it on its port only."
  type        = map(string)
}

variable "private_paths" {
  description = "Path patterns answered with 404 on every host, for endpoints meant for the private network only."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.private_paths) <= 5
    error_message = "An ALB rule takes at most 5 path patterns."
  }
}

variable "deletion_protection" {
  description = "Refuse to delete the load balancer until this is switched off."
  type        = bool
}

variable "route53_zone_id" {
  description = "Hosted zone to create alias records in for every host name; null to manage DNS elsewhere."
  type        = string
  default     = null
}
