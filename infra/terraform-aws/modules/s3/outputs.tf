output "bucket_name" {
  description = "Name of the ML bucket."
  value       = aws_s3_bucket.ml.bucket
}

output "bucket_arn" {
  description = "ARN of the ML bucket."
  value       = aws_s3_bucket.ml.arn
}

output "data_prefix" {
  description = "Key prefix for datasets (with trailing slash)."
  value       = local.data_prefix
}

output "artifacts_prefix" {
  description = "Key prefix for MLflow artifacts (with trailing slash)."
  value       = local.artifacts_prefix
}
