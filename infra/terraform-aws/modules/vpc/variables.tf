variable "name" {
  description = "Prefix for resource names, e.g. gatehouse-staging."
  type        = string
}

variable "cidr_block" {
  description = "IPv4 range of the VPC. Subnets are /20 slices of it, so it must be /20 or larger."
  type        = string

  validation {
    condition     = can(cidrhost(var.cidr_block, 0)) && tonumber(split("/", var.cidr_block)[1]) <= 20
    error_message = "cidr_block must be a valid IPv4 CIDR of /20 or larger (e.g. 10.20.0.0/16)."
  }
}

variable "az_count" {
  description = "Availability zones to spread subnets over (ALB and Multi-AZ RDS need at least two)."
  type        = number
  default     = 2

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 3
    error_message = "az_count must be 2 or 3."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all private subnets (cheaper; an AZ outage cuts egress) instead of one per AZ."
  type        = bool
}
