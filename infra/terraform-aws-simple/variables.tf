variable "aws_region" {
  description = "Region to run in, e.g. eu-west-1."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.aws_region))
    error_message = "aws_region must look like eu-west-1."
  }
}

variable "environment" {
  description = "Name of this deployment; resources are called gatehouse-<environment>."
  type        = string
  default     = "demo"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,15}$", var.environment))
    error_message = "environment must be 2-16 characters of a-z, 0-9 and '-', starting with a letter."
  }
}

variable "extra_tags" {
  description = "Tags added to every resource, next to Project/Environment/ManagedBy."
  type        = map(string)
  default     = {}
}

variable "repository_url" {
  description = "HTTPS clone URL of the Gatehouse repository."
  type        = string

  validation {
    condition     = can(regex("^https://[^\\s@]+$", var.repository_url))
    error_message = "repository_url must be an https:// URL without credentials (use repository_token_parameter for a private repository)."
  }
}

variable "git_ref" {
  description = "Branch, tag or full commit SHA to deploy on first boot. Later deploys run /opt/gatehouse/deploy.sh <ref> on the instance."
  type        = string
  default     = "main"

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$", var.git_ref)) && !strcontains(var.git_ref, "..")
    error_message = "git_ref must be a branch, tag or commit SHA (letters, digits, '.', '_', '-', '/')."
  }
}

variable "repository_token_parameter" {
  description = "SSM SecureString parameter name holding a read-only token for a private repository; null for a public one. The token never appears in user data."
  type        = string
  default     = null

  validation {
    condition     = var.repository_token_parameter == null || can(regex("^/[A-Za-z0-9_.\\-/]+$", var.repository_token_parameter))
    error_message = "repository_token_parameter must be an SSM parameter name starting with '/'."
  }
}

variable "domain_name" {
  description = "Host name pointing at the instance; enables automatic HTTPS (Let's Encrypt). null serves plain HTTP on the IP."
  type        = string
  default     = null

  validation {
    condition     = var.domain_name == null || can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,}$", var.domain_name))
    error_message = "domain_name must be a lower-case DNS name."
  }
}

variable "acme_email" {
  description = "Email Let's Encrypt writes to about expiring certificates; used only with domain_name."
  type        = string
  default     = null

  validation {
    condition     = var.acme_email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.acme_email))
    error_message = "acme_email must be an email address."
  }
}

variable "route53_zone_id" {
  description = "Hosted zone to create the domain_name A record in; null when DNS is managed elsewhere."
  type        = string
  default     = null

  validation {
    condition     = var.route53_zone_id == null || (var.domain_name != null && can(regex("^Z[A-Z0-9]+$", var.route53_zone_id)))
    error_message = "route53_zone_id must look like Z0123456789ABCDEFGHIJ, and needs domain_name."
  }
}

variable "instance_type" {
  description = "EC2 instance type. The stack (PostgreSQL, Redis, two Node apps, MLflow, Mailpit, Caddy) and its image builds need about 4 GiB."
  type        = string
  default     = "t3.medium"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", var.instance_type)) && !can(regex("g\\.", var.instance_type))
    error_message = "instance_type must be an x86_64 type such as t3.medium (the AMI is amd64, so no Graviton 'g' types)."
  }
}

variable "root_volume_size_gb" {
  description = "Root volume size in GiB; holds the images, the database and the MLflow data."
  type        = number
  default     = 30

  validation {
    condition     = var.root_volume_size_gb >= 20 && var.root_volume_size_gb <= 500
    error_message = "root_volume_size_gb must be between 20 and 500."
  }
}

variable "vpc_cidr" {
  description = "IPv4 range of the VPC; the instance's subnet is its first /24."
  type        = string
  default     = "10.42.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && tonumber(split("/", var.vpc_cidr)[1]) <= 24
    error_message = "vpc_cidr must be a valid IPv4 CIDR of /24 or larger."
  }
}

variable "ssh_key_name" {
  description = "Existing EC2 key pair for SSH; null disables SSH (use SSM Session Manager instead)."
  type        = string
  default     = null
}

variable "ssh_cidr" {
  description = "The one IPv4 range allowed to SSH (e.g. your office /32); required with ssh_key_name."
  type        = string
  default     = null

  validation {
    condition     = (var.ssh_key_name == null) == (var.ssh_cidr == null)
    error_message = "Set ssh_key_name and ssh_cidr together, or neither."
  }

  validation {
    condition     = var.ssh_cidr == null || (can(cidrhost(var.ssh_cidr, 0)) && var.ssh_cidr != "0.0.0.0/0")
    error_message = "ssh_cidr must be a valid IPv4 CIDR narrower than 0.0.0.0/0."
  }
}
