terraform {
  required_version = ">= 1.9.0, < 2.0.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 6.x is current; 5.100 is the version this code was validated against (see README).
      version = ">= 5.100, < 7.0"
    }
  }
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = merge(var.extra_tags, {
      Project     = "gatehouse"
      Environment = var.environment
      ManagedBy   = "terraform"
      Source      = "infra/terraform-aws-simple"
    })
  }
}
