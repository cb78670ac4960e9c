# Alphanumeric only: AUTH tokens forbid several symbols, and the token goes into REDIS_URL.
resource "random_password" "auth_token" {
  length  = 64
  special = false
}

resource "aws_security_group" "this" {
  name        = "${var.name}-redis"
  description = "Redis: reachable only from the listed task security groups"
  vpc_id      = var.vpc_id

  tags = { Name = "${var.name}-redis" }
}

resource "aws_vpc_security_group_ingress_rule" "clients" {
  for_each = var.client_security_group_ids

  security_group_id            = aws_security_group.this.id
  referenced_security_group_id = each.value
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
  description                  = "Redis from ${each.key}"
}

resource "aws_elasticache_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.subnet_ids
}

resource "aws_elasticache_replication_group" "this" {
  replication_group_id = var.name
  description          = "Gatehouse Redis (${var.name})"

  engine               = "redis"
  engine_version       = var.engine_version
  parameter_group_name = "default.redis${split(".", var.engine_version)[0]}"
  node_type            = var.node_type
  port                 = 6379

  num_cache_clusters         = var.node_count
  automatic_failover_enabled = var.node_count > 1
  multi_az_enabled           = var.node_count > 1

  subnet_group_name  = aws_elasticache_subnet_group.this.name
  security_group_ids = [aws_security_group.this.id]

  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  auth_token                 = random_password.auth_token.result
  auth_token_update_strategy = "ROTATE" # required with auth_token from provider 6.0 on

  snapshot_retention_limit   = var.snapshot_retention_days
  snapshot_window            = "01:00-02:00"
  maintenance_window         = "sun:04:30-sun:05:30"
  auto_minor_version_upgrade = true
}

resource "aws_secretsmanager_secret" "this" {
  name                    = "${var.name}/redis"
  description             = "AUTH token and rediss:// URL of ${var.name} Redis"
  recovery_window_in_days = var.secret_recovery_window_days
}

# rediss:// because in-transit encryption is on; ElastiCache certificates chain to a public root,
# so Node verifies them without extra CA files.
resource "aws_secretsmanager_secret_version" "this" {
  secret_id = aws_secretsmanager_secret.this.id
  secret_string = jsonencode({
    host       = aws_elasticache_replication_group.this.primary_endpoint_address
    port       = aws_elasticache_replication_group.this.port
    auth_token = random_password.auth_token.result
    url        = "rediss://:${random_password.auth_token.result}@${aws_elasticache_replication_group.this.primary_endpoint_address}:${aws_elasticache_replication_group.this.port}"
  })
}
