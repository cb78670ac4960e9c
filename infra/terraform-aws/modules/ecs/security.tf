# One security group per app. Every path is listed here; anything not listed is closed.

resource "aws_security_group" "app" {
  for_each = local.apps

  name        = "${var.name}-${each.key}"
  description = "${each.key} tasks"
  vpc_id      = var.vpc_id

  tags = { Name = "${var.name}-${each.key}" }
}

resource "aws_vpc_security_group_ingress_rule" "from_alb" {
  for_each = local.services

  security_group_id            = aws_security_group.app[each.key].id
  referenced_security_group_id = var.alb_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
  description                  = "From the ALB"
}

resource "aws_vpc_security_group_ingress_rule" "auth_api_from_web" {
  security_group_id            = aws_security_group.app["auth-api"].id
  referenced_security_group_id = aws_security_group.app["web"].id
  ip_protocol                  = "tcp"
  from_port                    = var.auth_api.port
  to_port                      = var.auth_api.port
  description                  = "From web (Service Connect)"
}

resource "aws_vpc_security_group_egress_rule" "web_to_auth_api" {
  security_group_id            = aws_security_group.app["web"].id
  referenced_security_group_id = aws_security_group.app["auth-api"].id
  ip_protocol                  = "tcp"
  from_port                    = var.auth_api.port
  to_port                      = var.auth_api.port
  description                  = "To auth-api (Service Connect)"
}

resource "aws_vpc_security_group_egress_rule" "auth_api_to_database" {
  security_group_id            = aws_security_group.app["auth-api"].id
  referenced_security_group_id = var.database.security_group_id
  ip_protocol                  = "tcp"
  from_port                    = var.database.port
  to_port                      = var.database.port
  description                  = "To PostgreSQL"
}

resource "aws_vpc_security_group_egress_rule" "auth_api_to_redis" {
  security_group_id            = aws_security_group.app["auth-api"].id
  referenced_security_group_id = var.redis.security_group_id
  ip_protocol                  = "tcp"
  from_port                    = var.redis.port
  to_port                      = var.redis.port
  description                  = "To Redis"
}

resource "aws_vpc_security_group_egress_rule" "auth_api_to_smtp" {
  count = var.smtp_port == null ? 0 : 1

  security_group_id = aws_security_group.app["auth-api"].id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = var.smtp_port
  to_port           = var.smtp_port
  description       = "To the mail server"
}

# AWS APIs (ECR, Secrets Manager, CloudWatch Logs, S3) are public HTTPS endpoints reached
# through the NAT gateway; so is MLflow for ml-cli.
resource "aws_vpc_security_group_egress_rule" "https" {
  for_each = aws_security_group.app

  security_group_id = each.value.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  description       = "HTTPS to AWS APIs"
}
