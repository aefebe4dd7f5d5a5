// Every rule, one per file named after it; ordered by family and id.
import { aossSecurityPolicies } from "./aoss-security-policies.js";
import { backupCopyInJurisdiction } from "./backup-copy-in-jurisdiction.js";
import { backupRetention } from "./backup-retention.js";
import { centralNoCustomerData } from "./central-no-customer-data.js";
import { centralNoRegionalDataAccess } from "./central-no-regional-data-access.js";
import { deletionProtection } from "./deletion-protection.js";
import { dynamodbKms } from "./dynamodb-kms.js";
import { dynamodbPitr } from "./dynamodb-pitr.js";
import { dynamodbReplicaInJurisdiction } from "./dynamodb-replica-in-jurisdiction.js";
import { eksControlPlaneLogs } from "./eks-control-plane-logs.js";
import { eksPrivateEndpoint } from "./eks-private-endpoint.js";
import { eksSecretsEncryption } from "./eks-secrets-encryption.js";
import { emrBlockPublicAccess } from "./emr-block-public-access.js";
import { emrLogUriInRegion } from "./emr-log-uri-in-region.js";
import { emrSecurityConfiguration } from "./emr-security-configuration.js";
import { finalSnapshot } from "./final-snapshot.js";
import { iamNoAdminPolicy } from "./iam-no-admin-policy.js";
import { iamNoWildcardTrust } from "./iam-no-wildcard-trust.js";
import { imageSnapshotCopyInJurisdiction } from "./image-snapshot-copy-in-jurisdiction.js";
import { kmsDeletionWindow } from "./kms-deletion-window.js";
import { kmsKeyRotation } from "./kms-key-rotation.js";
import { kmsSingleRegion } from "./kms-single-region.js";
import { launchTemplateImdsv2 } from "./launch-template-imdsv2.js";
import { logDestinationInRegion } from "./log-destination-in-region.js";
import { logGroupKms } from "./log-group-kms.js";
import { logGroupRetention } from "./log-group-retention.js";
import { mskEncryptionAtRestKms } from "./msk-encryption-at-rest-kms.js";
import { mskEncryptionInTransit } from "./msk-encryption-in-transit.js";
import { mskIamAuth } from "./msk-iam-auth.js";
import { mskLogging } from "./msk-logging.js";
import { mskNoPublicAccess } from "./msk-no-public-access.js";
import { mskReplicatorInJurisdiction } from "./msk-replicator-in-jurisdiction.js";
import { mskconnectEncryptionInTransit } from "./mskconnect-encryption-in-transit.js";
import { mwaaLogging } from "./mwaa-logging.js";
import { mwaaPrivateWebserver } from "./mwaa-private-webserver.js";
import { noCrossRegionPeering } from "./no-cross-region-peering.js";
import { noExternalDataSink } from "./no-external-data-sink.js";
import { noForeignRegionReference } from "./no-foreign-region-reference.js";
import { opensearchAuditLogs } from "./opensearch-audit-logs.js";
import { opensearchConnectionInJurisdiction } from "./opensearch-connection-in-jurisdiction.js";
import { opensearchEncryptionAtRest } from "./opensearch-encryption-at-rest.js";
import { opensearchFineGrainedAccess } from "./opensearch-fine-grained-access.js";
import { opensearchHttpsTls12 } from "./opensearch-https-tls12.js";
import { opensearchInVpc } from "./opensearch-in-vpc.js";
import { opensearchNodeToNode } from "./opensearch-node-to-node.js";
import { preventDestroy } from "./prevent-destroy.js";
import { rdsAutoMinorUpgrade } from "./rds-auto-minor-upgrade.js";
import { rdsCopyTagsToSnapshot } from "./rds-copy-tags-to-snapshot.js";
import { rdsEnhancedMonitoring } from "./rds-enhanced-monitoring.js";
import { rdsForceSsl } from "./rds-force-ssl.js";
import { rdsIamAuth } from "./rds-iam-auth.js";
import { rdsLogExports } from "./rds-log-exports.js";
import { rdsManagedMasterPassword } from "./rds-managed-master-password.js";
import { rdsMultiAz } from "./rds-multi-az.js";
import { rdsNotPublic } from "./rds-not-public.js";
import { rdsPerformanceInsightsKms } from "./rds-performance-insights-kms.js";
import { rdsReplicaInJurisdiction } from "./rds-replica-in-jurisdiction.js";
import { rdsStorageEncrypted } from "./rds-storage-encrypted.js";
import { resourceRegionInJurisdiction } from "./resource-region-in-jurisdiction.js";
import { s3AccessLogging } from "./s3-access-logging.js";
import { s3BucketKmsEncryption } from "./s3-bucket-kms-encryption.js";
import { s3LogDestinationInRegion } from "./s3-log-destination-in-region.js";
import { s3NoForceDestroy } from "./s3-no-force-destroy.js";
import { s3OwnershipEnforced } from "./s3-ownership-enforced.js";
import { s3PublicAccessBlock } from "./s3-public-access-block.js";
import { s3ReplicationInJurisdiction } from "./s3-replication-in-jurisdiction.js";
import { s3TlsOnlyPolicy } from "./s3-tls-only-policy.js";
import { s3Versioning } from "./s3-versioning.js";
import { secretsKms } from "./secrets-kms.js";
import { securityGroupNoPublicIngress } from "./security-group-no-public-ingress.js";
import { vpcDefaultSgClosed } from "./vpc-default-sg-closed.js";
import { vpcFlowLogs } from "./vpc-flow-logs.js";
import { resourceTypeClassified } from "./resource-type-classified.js";
import { moverDestinationInJurisdiction } from "./mover-destination-in-jurisdiction.js";
import { principalInJurisdiction } from "./principal-in-jurisdiction.js";
import { crossBoundaryRoleCapability } from "./cross-boundary-role-capability.js";
import { warehouseSanitizedExportOnly } from "./warehouse-sanitized-export-only.js";
import { cdcKubernetesAllowlist } from "./cdc-kubernetes-allowlist.js";
import type { Rule } from "../types.js";

export const ALL_RULES: readonly Rule[] = [
  preventDestroy,
  deletionProtection,
  finalSnapshot,
  backupRetention,
  s3Versioning,
  dynamodbPitr,
  s3NoForceDestroy,
  kmsDeletionWindow,
  resourceRegionInJurisdiction,
  noForeignRegionReference,
  s3ReplicationInJurisdiction,
  s3LogDestinationInRegion,
  dynamodbReplicaInJurisdiction,
  rdsReplicaInJurisdiction,
  kmsSingleRegion,
  backupCopyInJurisdiction,
  imageSnapshotCopyInJurisdiction,
  mskReplicatorInJurisdiction,
  opensearchConnectionInJurisdiction,
  emrLogUriInRegion,
  logDestinationInRegion,
  noCrossRegionPeering,
  noExternalDataSink,
  centralNoCustomerData,
  centralNoRegionalDataAccess,
  resourceTypeClassified,
  moverDestinationInJurisdiction,
  principalInJurisdiction,
  crossBoundaryRoleCapability,
  warehouseSanitizedExportOnly,
  cdcKubernetesAllowlist,
  s3BucketKmsEncryption,
  s3PublicAccessBlock,
  s3TlsOnlyPolicy,
  s3OwnershipEnforced,
  s3AccessLogging,
  rdsStorageEncrypted,
  rdsNotPublic,
  rdsIamAuth,
  rdsMultiAz,
  rdsEnhancedMonitoring,
  rdsLogExports,
  rdsAutoMinorUpgrade,
  rdsCopyTagsToSnapshot,
  rdsPerformanceInsightsKms,
  rdsManagedMasterPassword,
  rdsForceSsl,
  mskEncryptionInTransit,
  mskEncryptionAtRestKms,
  mskIamAuth,
  mskNoPublicAccess,
  mskLogging,
  mskconnectEncryptionInTransit,
  emrSecurityConfiguration,
  emrBlockPublicAccess,
  opensearchInVpc,
  opensearchEncryptionAtRest,
  opensearchNodeToNode,
  opensearchHttpsTls12,
  opensearchFineGrainedAccess,
  opensearchAuditLogs,
  aossSecurityPolicies,
  eksPrivateEndpoint,
  eksSecretsEncryption,
  eksControlPlaneLogs,
  kmsKeyRotation,
  dynamodbKms,
  mwaaPrivateWebserver,
  mwaaLogging,
  vpcFlowLogs,
  vpcDefaultSgClosed,
  iamNoAdminPolicy,
  iamNoWildcardTrust,
  logGroupKms,
  logGroupRetention,
  launchTemplateImdsv2,
  secretsKms,
  securityGroupNoPublicIngress,
];
