terraform {
  # 1.9+: validation blocks may refer to other variables.
  required_version = ">= 1.9.0, < 2.0.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 6.x is current; 5.100 is the version this code was validated against (see README).
      version = ">= 5.100, < 7.0"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }
}

provider "aws" {
  region = var.aws_region
  # A staging plan run with production credentials (or the reverse) fails instead of applying.
  allowed_account_ids = [var.aws_account_id]

  default_tags {
    tags = merge(var.extra_tags, {
      Project     = "gatehouse"
      Environment = var.environment
      ManagedBy   = "terraform"
      Source      = "infra/terraform-aws"
    })
  }
}
