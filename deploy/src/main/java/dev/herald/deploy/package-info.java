/** The AWS CDK app that deploys Herald's functions on Lambda, with their topics, queues, alarms and console server. */
package dev.herald.deploy;
