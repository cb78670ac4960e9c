variable "name" {
  description = "Prefix for resource names; the bucket is <name>-ml-<account id> (bucket names are global)."
  type        = string
}

variable "force_destroy" {
  description = "Let terraform destroy delete a non-empty bucket. Only for throwaway environments."
  type        = bool
  default     = false
}

variable "noncurrent_version_expiration_days" {
  description = "Days an overwritten or deleted object version is kept before it expires."
  type        = number
  default     = 90

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1
    error_message = "noncurrent_version_expiration_days must be at least 1."
  }
}
