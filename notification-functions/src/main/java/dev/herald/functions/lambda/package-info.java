/**
 * The functions on AWS Lambda: SNS, SQS and API Gateway handlers, the dead-letter replay and the stranded-delivery
 * sweeper, and the Lambda application around them.
 */
package dev.herald.functions.lambda;
