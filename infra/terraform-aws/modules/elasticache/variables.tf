variable "name" {
  description = "Prefix for resource names and the replication group id, e.g. gatehouse-staging."
  type        = string

  validation {
    condition     = length(var.name) <= 40
    error_message = "The replication group id is limited to 40 characters."
  }
}

variable "vpc_id" {
  description = "VPC the cache lives in."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets for the cache subnet group."
  type        = list(string)
}

variable "client_security_group_ids" {
  description = "Security groups allowed to connect on 6379, keyed by a static label (e.g. { auth-api = sg-… })."
  type        = map(string)
}

variable "node_type" {
  description = "Cache node type."
  type        = string

  validation {
    condition     = can(regex("^cache\\.", var.node_type))
    error_message = "node_type must look like cache.t4g.micro."
  }
}

variable "node_count" {
  description = "Nodes in the replication group: 1 = no replica; 2+ = replicas with automatic failover across AZs."
  type        = number

  validation {
    condition     = var.node_count >= 1 && var.node_count <= 6
    error_message = "node_count must be between 1 and 6."
  }
}

variable "engine_version" {
  description = "Redis OSS engine version (major.minor)."
  type        = string
  default     = "7.1"

  validation {
    condition     = can(regex("^7\\.[0-9]+$", var.engine_version))
    error_message = "engine_version must be a Redis 7 major.minor such as 7.1."
  }
}

variable "snapshot_retention_days" {
  description = "Days of daily snapshots to keep (0 disables them; the cache holds no data we cannot rebuild)."
  type        = number
  default     = 1

  validation {
    condition     = var.snapshot_retention_days >= 0 && var.snapshot_retention_days <= 35
    error_message = "snapshot_retention_days must be between 0 and 35."
  }
}

variable "secret_recovery_window_days" {
  description = "Days a deleted secret can be restored (0 deletes at once, 7-30 otherwise)."
  type        = number
}
