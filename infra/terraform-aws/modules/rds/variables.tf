variable "name" {
  description = "Prefix for resource names and the DB instance identifier, e.g. gatehouse-staging."
  type        = string
}

variable "vpc_id" {
  description = "VPC the database lives in."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets (at least two AZs) for the DB subnet group."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "RDS needs subnets in at least two availability zones."
  }
}

variable "client_security_group_ids" {
  description = "Security groups allowed to connect on 5432, keyed by a static label (e.g. { auth-api = sg-… })."
  type        = map(string)
}

variable "engine_version" {
  description = "PostgreSQL version: a major (\"16\", minor upgrades applied automatically) or an exact minor."
  type        = string
  default     = "16"

  validation {
    condition     = can(regex("^1[4-9](\\.[0-9]+)?$", var.engine_version))
    error_message = "engine_version must be PostgreSQL 14 or newer, e.g. \"16\" or \"16.4\"."
  }
}

variable "instance_class" {
  description = "DB instance class."
  type        = string

  validation {
    condition     = can(regex("^db\\.", var.instance_class))
    error_message = "instance_class must look like db.t4g.micro."
  }
}

variable "allocated_storage_gb" {
  description = "Initial gp3 storage in GiB."
  type        = number
  default     = 20

  validation {
    condition     = var.allocated_storage_gb >= 20
    error_message = "allocated_storage_gb must be at least 20."
  }
}

variable "max_allocated_storage_gb" {
  description = "Ceiling for storage autoscaling in GiB."
  type        = number
  default     = 100

  validation {
    condition     = var.max_allocated_storage_gb > var.allocated_storage_gb
    error_message = "max_allocated_storage_gb must be larger than allocated_storage_gb."
  }
}

variable "multi_az" {
  description = "Keep a synchronous standby in a second AZ (doubles instance cost)."
  type        = bool
}

variable "backup_retention_days" {
  description = "Days of automated backups (point-in-time recovery window)."
  type        = number

  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be between 1 and 35 (0 would disable backups)."
  }
}

variable "deletion_protection" {
  description = "Refuse to delete the instance until this is switched off."
  type        = bool
}

variable "skip_final_snapshot" {
  description = "Delete without a final snapshot. Only for throwaway environments."
  type        = bool
  default     = false
}

variable "database_name" {
  description = "Database created on the instance."
  type        = string
  default     = "gatehouse"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.database_name))
    error_message = "database_name must start with a letter and contain only a-z, 0-9 and _."
  }
}

variable "master_username" {
  description = "Master user name; its password is generated and stored in Secrets Manager."
  type        = string
  default     = "gatehouse"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,15}$", var.master_username)) && var.master_username != "postgres"
    error_message = "master_username must be 1-16 chars of a-z, 0-9, _ and not 'postgres'."
  }
}

variable "log_retention_days" {
  description = "Retention of the exported PostgreSQL log group."
  type        = number
}

variable "secret_recovery_window_days" {
  description = "Days a deleted secret can be restored (0 deletes at once, 7-30 otherwise)."
  type        = number
}
