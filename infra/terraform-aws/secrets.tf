# Application secrets no AWS service generates. The values exist only in Secrets Manager and in
# the Terraform state, which is why the state bucket is encrypted and access-restricted.
# Rotate one by tainting its generator (`terraform apply -replace=random_password.session_secret`)
# and redeploying. ENCRYPTION_KEY is the exception: replacing it makes encrypted data unreadable.

resource "random_password" "jwt_secret" {
  count = var.jwt_algorithm == "HS256" ? 1 : 0

  length  = 64
  special = false
}

# 32 random bytes as 64 hex characters.
resource "random_id" "encryption_key" {
  byte_length = 32
}

resource "random_password" "admin" {
  count = var.admin_email == null ? 0 : 1

  length           = 24
  min_lower        = 2
  min_upper        = 2
  min_numeric      = 2
  min_special      = 2
  override_special = "-_.~!#%^*+="
}

resource "random_password" "session_secret" {
  length  = 64
  special = false
}

resource "aws_secretsmanager_secret" "auth_api" {
  name                    = "${local.name}/auth-api"
  description             = "auth-api secrets; JSON keys are the environment variable names"
  recovery_window_in_days = var.secret_recovery_window_days
}

resource "aws_secretsmanager_secret_version" "auth_api" {
  secret_id = aws_secretsmanager_secret.auth_api.id
  secret_string = jsonencode(merge(
    { ENCRYPTION_KEY = random_id.encryption_key.hex },
    var.jwt_algorithm == "HS256" ? { JWT_SECRET = random_password.jwt_secret[0].result } : {},
    var.admin_email == null ? {} : { ADMIN_PASSWORD = random_password.admin[0].result },
  ))
}

resource "aws_secretsmanager_secret" "web" {
  name                    = "${local.name}/web"
  description             = "web secrets; JSON keys are the environment variable names"
  recovery_window_in_days = var.secret_recovery_window_days
}

resource "aws_secretsmanager_secret_version" "web" {
  secret_id     = aws_secretsmanager_secret.web.id
  secret_string = jsonencode({ SESSION_SECRET = random_password.session_secret.result })
}
