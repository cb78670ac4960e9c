output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr_block" {
  description = "IPv4 range of the VPC."
  value       = aws_vpc.this.cidr_block
}

output "public_subnet_ids" {
  description = "Public subnets, one per AZ (ALB, NAT gateways)."
  value       = aws_subnet.public[*].id
}

output "public_subnet_cidrs" {
  description = "IPv4 ranges of the public subnets: where the ALB's nodes (the apps' trusted proxy) live."
  value       = aws_subnet.public[*].cidr_block
}

output "private_subnet_ids" {
  description = "Private subnets, one per AZ (ECS tasks, RDS, Redis)."
  value       = aws_subnet.private[*].id
}

output "private_subnet_cidrs" {
  description = "IPv4 ranges of the private subnets: where web's tasks (auth-api's trusted proxy) run."
  value       = aws_subnet.private[*].cidr_block
}

output "nat_public_ips" {
  description = "Addresses outbound traffic leaves from; give these to third parties that allow-list by IP."
  value       = aws_eip.nat[*].public_ip
}
