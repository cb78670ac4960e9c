variable "repository_names" {
  description = "One repository per image. CI pushes to these exact names."
  type        = list(string)

  validation {
    condition     = alltrue([for n in var.repository_names : can(regex("^[a-z0-9][a-z0-9._/-]{1,255}$", n))])
    error_message = "Repository names must be lower-case letters, digits, '.', '_', '-' or '/'."
  }
}

variable "max_image_count" {
  description = "Images kept per repository; older ones expire. Leave room to roll back a few releases."
  type        = number
  default     = 50

  validation {
    condition     = var.max_image_count >= 5 && var.max_image_count <= 1000
    error_message = "max_image_count must be between 5 and 1000."
  }
}

variable "untagged_expiry_days" {
  description = "Days after which untagged images (failed or superseded pushes) are deleted."
  type        = number
  default     = 7

  validation {
    condition     = var.untagged_expiry_days >= 1
    error_message = "untagged_expiry_days must be at least 1."
  }
}
