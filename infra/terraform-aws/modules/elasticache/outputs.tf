output "primary_endpoint_address" {
  description = "Host name of the primary (private)."
  value       = aws_elasticache_replication_group.this.primary_endpoint_address
}

output "port" {
  description = "Redis port."
  value       = aws_elasticache_replication_group.this.port
}

output "security_group_id" {
  description = "Security group of the cache; clients need egress to it on port."
  value       = aws_security_group.this.id
}

output "secret_arn" {
  description = "Secrets Manager secret with host, port, auth_token and url (JSON keys)."
  value       = aws_secretsmanager_secret_version.this.arn # the version: consumers wait until the value exists
}
