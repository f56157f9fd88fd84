/** The functions on AWS Lambda: SNS, SQS and API Gateway handlers, and the Lambda application around them. */
package dev.herald.functions.lambda;
