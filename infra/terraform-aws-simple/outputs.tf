output "public_ip" {
  description = "Elastic IP of the host; point domain_name's A record here when Route 53 is not used."
  value       = aws_eip.this.public_ip
}

output "web_url" {
  description = "URL of the web app (served by Caddy from the compose service app)."
  value       = local.base_url
}

output "api_url" {
  description = "URL prefix of auth-api (Caddy strips /api and forwards to the compose service auth)."
  value       = "${local.base_url}/api"
}

output "instance_id" {
  description = "EC2 instance id."
  value       = aws_instance.this.id
}

output "ssm_session_command" {
  description = "Opens a shell on the host through Session Manager (no SSH needed)."
  value       = "aws ssm start-session --region ${var.aws_region} --target ${aws_instance.this.id}"
}

output "ssh_command" {
  description = "SSH command, when SSH is enabled."
  value       = var.ssh_key_name == null ? null : "ssh ubuntu@${aws_eip.this.public_ip}"
}

output "deploy_command" {
  description = "Deploys another ref in place (replace REF); output lands in the SSM command history."
  value       = "aws ssm send-command --region ${var.aws_region} --instance-ids ${aws_instance.this.id} --document-name AWS-RunShellScript --parameters 'commands=[\"/opt/gatehouse/deploy.sh REF\"]'"
}
