output "address" {
  description = "Host name of the instance (private)."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "PostgreSQL port."
  value       = aws_db_instance.this.port
}

output "security_group_id" {
  description = "Security group of the instance; clients need egress to it on port."
  value       = aws_security_group.this.id
}

output "secret_arn" {
  description = "Secrets Manager secret with host, port, dbname, username, password and url (JSON keys)."
  value       = aws_secretsmanager_secret_version.this.arn # the version: consumers wait until the value exists
}

output "instance_identifier" {
  description = "DB instance identifier (for snapshots and the console)."
  value       = aws_db_instance.this.identifier
}
