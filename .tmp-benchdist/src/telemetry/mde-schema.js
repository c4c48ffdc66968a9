/**
 * Microsoft Defender XDR advanced-hunting table schemas, as data.
 *
 * Column names, order and types follow Microsoft's table pages (MicrosoftDocs/defender-docs,
 * `defender-xdr/advanced-hunting-*-table.md`); the tables transcribed in ../shared/mde/schema.md come from that
 * file first, with the columns later pages added appended (DeviceInfo's 2026-07 additions, and
 * `InitiatingProcessUniqueId` / `ProcessUniqueId` on the Device* event tables). Microsoft writes both `bool` and
 * `boolean` in the docs; both are Kusto's `bool` here. The pages' `LogonID` row is left out on purpose: the page
 * itself says the value lives inside AdditionalFields, so it is not a real column.
 *
 * Deliberate additions that are not on the Defender pages:
 * - every Device* table that has `Timestamp` also gets Sentinel's `TimeGenerated` (same value) right after it,
 *   because the same hunting queries are published in a Sentinel flavour.
 * Device* snapshot tables with no documented Timestamp (the TVM inventories and the *KB reference tables) get
 * no time column at all: inventing one would make a query that filters on it bind here and fail in Defender.
 *
 * `sentinelFlavour()` gives the Log Analytics copy of a streamed Device* table (Azure Monitor table reference):
 * JSON columns typed `dynamic` instead of `string`, plus MachineGroup / TenantId / SourceSystem / Type and the
 * billing columns.
 */
const RAW = [
    // ---------------------------------------------------------------- Device* (endpoint) event tables
    {
        name: 'DeviceInfo',
        description: 'Machine information, including OS information (periodic reports, complete every hour)',
        columns: `Timestamp:datetime DeviceId:string DeviceName:string ClientVersion:string PublicIP:string
      OSArchitecture:string OSPlatform:string OSBuild:long IsAzureADJoined:bool JoinType:string AadDeviceId:string
      LoggedOnUsers:string RegistryDeviceTag:string OSVersion:string MachineGroup:string ReportId:long
      OnboardingStatus:string AdditionalFields:string DeviceCategory:string DeviceType:string DeviceSubtype:string
      Model:string Vendor:string OSDistribution:string OSVersionInfo:string MergedDeviceIds:string
      MergedToDeviceId:string IsInternetFacing:bool SensorHealthState:string IsExcluded:bool ExclusionReason:string
      ExposureLevel:string AssetValue:string DeviceManualTags:string DeviceDynamicTags:string ConnectivityType:string
      HostDeviceId:string AzureResourceId:string AwsResourceName:string GcpFullResourceName:string HardwareUuid:string
      CloudPlatforms:string AzureVmId:string AzureVmSubscriptionId:string IsTransient:bool OsBuildRevision:string
      MitigationStatus:string Site:string DiscoverySources:string DeviceRoles:string DlpInfo:string`,
    },
    {
        name: 'DeviceNetworkInfo',
        description: 'Network properties of devices, including physical adapters, IP and MAC addresses, connected networks and domains',
        columns: `Timestamp:datetime DeviceId:string DeviceName:string NetworkAdapterName:string MacAddress:string
      NetworkAdapterType:string NetworkAdapterStatus:string TunnelType:string ConnectedNetworks:string
      DnsAddresses:string IPv4Dhcp:string IPv6Dhcp:string DefaultGateways:string IPAddresses:string ReportId:long
      NetworkAdapterVendor:string`,
    },
    {
        name: 'DeviceNetworkEvents',
        description: 'Network connections and related events',
        columns: `Timestamp:datetime DeviceId:string DeviceName:string ActionType:string RemoteIP:string RemotePort:int
      RemoteUrl:string LocalIP:string LocalPort:int Protocol:string LocalIPType:string RemoteIPType:string
      InitiatingProcessSHA1:string InitiatingProcessSHA256:string InitiatingProcessMD5:string
      InitiatingProcessFileName:string InitiatingProcessFileSize:long InitiatingProcessVersionInfoCompanyName:string
      InitiatingProcessVersionInfoProductName:string InitiatingProcessVersionInfoProductVersion:string
      InitiatingProcessVersionInfoInternalFileName:string InitiatingProcessVersionInfoOriginalFileName:string
      InitiatingProcessVersionInfoFileDescription:string InitiatingProcessId:long InitiatingProcessCommandLine:string
      InitiatingProcessCreationTime:datetime InitiatingProcessFolderPath:string InitiatingProcessParentFileName:string
      InitiatingProcessParentId:long InitiatingProcessParentCreationTime:datetime
      InitiatingProcessAccountDomain:string InitiatingProcessAccountName:string InitiatingProcessAccountSid:string
      InitiatingProcessAccountUpn:string InitiatingProcessAccountObjectId:string InitiatingProcessIntegrityLevel:string
      InitiatingProcessTokenElevation:string ReportId:long AppGuardContainerId:string AdditionalFields:string
      InitiatingProcessSessionId:long IsInitiatingProcessRemoteSession:bool
      InitiatingProcessRemoteSessionDeviceName:string InitiatingProcessRemoteSessionIP:string InitiatingProcessUniqueId:string`,
    },
    {
        name: 'DeviceProcessEvents',
        description: 'Process creation and related events',
        columns: `Timestamp:datetime DeviceId:string DeviceName:string ActionType:string FileName:string FolderPath:string
      SHA1:string SHA256:string MD5:string FileSize:long ProcessVersionInfoCompanyName:string
      ProcessVersionInfoProductName:string ProcessVersionInfoProductVersion:string
      ProcessVersionInfoInternalFileName:string ProcessVersionInfoOriginalFileName:string
      ProcessVersionInfoFileDescription:string ProcessId:long ProcessCommandLine:string ProcessIntegrityLevel:string
      ProcessTokenElevation:string ProcessCreationTime:datetime AccountDomain:string AccountName:string
      AccountSid:string AccountUpn:string AccountObjectId:string LogonId:long InitiatingProcessAccountDomain:string
      InitiatingProcessAccountName:string InitiatingProcessAccountSid:string InitiatingProcessAccountUpn:string
      InitiatingProcessAccountObjectId:string InitiatingProcessLogonId:long InitiatingProcessIntegrityLevel:string
      InitiatingProcessTokenElevation:string InitiatingProcessSHA1:string InitiatingProcessSHA256:string
      InitiatingProcessMD5:string InitiatingProcessFileName:string InitiatingProcessFileSize:long
      InitiatingProcessVersionInfoCompanyName:string InitiatingProcessVersionInfoProductName:string
      InitiatingProcessVersionInfoProductVersion:string InitiatingProcessVersionInfoInternalFileName:string
      InitiatingProcessVersionInfoOriginalFileName:string InitiatingProcessVersionInfoFileDescription:string
      InitiatingProcessId:long InitiatingProcessCommandLine:string InitiatingProcessCreationTime:datetime
      InitiatingProcessFolderPath:string InitiatingProcessParentId:long InitiatingProcessParentFileName:string
      InitiatingProcessParentCreationTime:datetime InitiatingProcessSignerType:string
      InitiatingProcessSignatureStatus:string ReportId:long AppGuardContainerId:string AdditionalFields:string
      InitiatingProcessSessionId:long IsInitiatingProcessRemoteSession:bool
      InitiatingProcessRemoteSessionDeviceName:string InitiatingProcessRemoteSessionIP:string
      CreatedProcessSessionId:long IsProcessRemoteSession:bool ProcessRemoteSessionDeviceName:string
      ProcessRemoteSessionIP:string ProcessUniqueId:string InitiatingProcessUniqueId:string`,
    },
    {
        name: 'DeviceFileEvents',
        description: 'File creation, modification, and other file system events',
        columns: `Timestamp:datetime DeviceId:string DeviceName:string ActionType:string FileName:string FolderPath:string
      SHA1:string SHA256:string MD5:string FileOriginUrl:string FileOriginReferrerUrl:string FileOriginIP:string
      PreviousFolderPath:string PreviousFileName:string FileSize:long InitiatingProcessAccountDomain:string
      InitiatingProcessAccountName:string InitiatingProcessAccountSid:string InitiatingProcessAccountUpn:string
      InitiatingProcessAccountObjectId:string InitiatingProcessMD5:string InitiatingProcessSHA1:string
      InitiatingProcessSHA256:string InitiatingProcessFolderPath:string InitiatingProcessFileName:string
      InitiatingProcessFileSize:long InitiatingProcessVersionInfoCompanyName:string
      InitiatingProcessVersionInfoProductName:string InitiatingProcessVersionInfoProductVersion:string
      InitiatingProcessVersionInfoInternalFileName:string InitiatingProcessVersionInfoOriginalFileName:string
      InitiatingProcessVersionInfoFileDescription:string InitiatingProcessId:long InitiatingProcessCommandLine:string
      InitiatingProcessCreationTime:datetime InitiatingProcessIntegrityLevel:string
      InitiatingProcessTokenElevation:string InitiatingProcessParentId:long InitiatingProcessParentFileName:string
      InitiatingProcessParentCreationTime:datetime RequestProtocol:string RequestSourceIP:string
      RequestSourcePort:int RequestAccountName:string RequestAccountDomain:string RequestAccountSid:string
      ShareName:string SensitivityLabel:string SensitivitySubLabel:string IsAzureInfoProtectionApplied:bool
      ReportId:long AppGuardContainerId:string AdditionalFields:string InitiatingProcessSessionId:long
      IsInitiatingProcessRemoteSession:bool InitiatingProcessRemoteSessionDeviceName:string
      InitiatingProcessRemoteSessionIP:string InitiatingProcessUniqueId:string`,
    },
    {
        name: 'DeviceRegistryEvents',
        description: 'Creation and modification of registry entries',
        columns: `Timestamp:datetime DeviceId:string DeviceName:string ActionType:string RegistryKey:string
      RegistryValueType:string RegistryValueName:string RegistryValueData:string PreviousRegistryKey:string
      PreviousRegistryValueName:string PreviousRegistryValueData:string InitiatingProcessAccountDomain:string
      InitiatingProcessAccountName:string InitiatingProcessAccountSid:string InitiatingProcessAccountUpn:string
      InitiatingProcessAccountObjectId:string InitiatingProcessSHA1:string InitiatingProcessSHA256:string
      InitiatingProcessMD5:string InitiatingProcessFileName:string InitiatingProcessFileSize:long
      InitiatingProcessVersionInfoCompanyName:string InitiatingProcessVersionInfoProductName:string
      InitiatingProcessVersionInfoProductVersion:string InitiatingProcessVersionInfoInternalFileName:string
      InitiatingProcessVersionInfoOriginalFileName:string InitiatingProcessVersionInfoFileDescription:string
      InitiatingProcessId:long InitiatingProcessCommandLine:string InitiatingProcessCreationTime:datetime
      InitiatingProcessFolderPath:string InitiatingProcessParentId:long InitiatingProcessParentFileName:string
      InitiatingProcessParentCreationTime:datetime InitiatingProcessIntegrityLevel:string
      InitiatingProcessTokenElevation:string ReportId:long AppGuardContainerId:string InitiatingProcessSessionId:long
      IsInitiatingProcessRemoteSession:bool InitiatingProcessRemoteSessionDeviceName:string
      InitiatingProcessRemoteSessionIP:string InitiatingProcessUniqueId:string`,
    },
    {
        name: 'DeviceLogonEvents',
        description: 'Sign-ins and other authentication events on devices',
        columns: `Timestamp:datetime DeviceId:string DeviceName:string ActionType:string LogonType:string
      AccountDomain:string AccountName:string AccountSid:string Protocol:string FailureReason:string
      IsLocalAdmin:bool LogonId:long RemoteDeviceName:string RemoteIP:string RemoteIPType:string RemotePort:int
      InitiatingProcessAccountDomain:string InitiatingProcessAccountName:string InitiatingProcessAccountSid:string
      InitiatingProcessAccountUpn:string InitiatingProcessAccountObjectId:string
      InitiatingProcessIntegrityLevel:string InitiatingProcessTokenElevation:string InitiatingProcessSHA1:string
      InitiatingProcessSHA256:string InitiatingProcessMD5:string InitiatingProcessFileName:string
      InitiatingProcessFileSize:long InitiatingProcessVersionInfoCompanyName:string
      InitiatingProcessVersionInfoProductName:string InitiatingProcessVersionInfoProductVersion:string
      InitiatingProcessVersionInfoInternalFileName:string InitiatingProcessVersionInfoOriginalFileName:string
      InitiatingProcessVersionInfoFileDescription:string InitiatingProcessId:long InitiatingProcessCommandLine:string
      InitiatingProcessCreationTime:datetime InitiatingProcessFolderPath:string InitiatingProcessParentId:long
      InitiatingProcessParentFileName:string InitiatingProcessParentCreationTime:datetime ReportId:long
      AppGuardContainerId:string AdditionalFields:string InitiatingProcessSessionId:long
      IsInitiatingProcessRemoteSession:bool InitiatingProcessRemoteSessionDeviceName:string
      InitiatingProcessRemoteSessionIP:string InitiatingProcessUniqueId:string`,
    },
    {
        name: 'DeviceImageLoadEvents',
        description: 'DLL loading events',
        // InitiatingProcessUniqueId: on every other Device* event page since 2025 and used by corpus queries on this
        // table; the stored copy of this page predates it.
        columns: `Timestamp:datetime DeviceId:string DeviceName:string ActionType:string FileName:string FolderPath:string
      SHA1:string SHA256:string MD5:string FileSize:long InitiatingProcessAccountDomain:string
      InitiatingProcessAccountName:string InitiatingProcessAccountSid:string InitiatingProcessAccountUpn:string
      InitiatingProcessAccountObjectId:string InitiatingProcessIntegrityLevel:string
      InitiatingProcessTokenElevation:string InitiatingProcessSHA1:string InitiatingProcessSHA256:string
      InitiatingProcessMD5:string InitiatingProcessFileName:string InitiatingProcessFileSize:long
      InitiatingProcessVersionInfoCompanyName:string InitiatingProcessVersionInfoProductName:string
      InitiatingProcessVersionInfoProductVersion:string InitiatingProcessVersionInfoInternalFileName:string
      InitiatingProcessVersionInfoOriginalFileName:string InitiatingProcessVersionInfoFileDescription:string
      InitiatingProcessId:long InitiatingProcessCommandLine:string InitiatingProcessCreationTime:datetime
      InitiatingProcessFolderPath:string InitiatingProcessParentId:long InitiatingProcessParentFileName:string
      InitiatingProcessParentCreationTime:datetime ReportId:long AppGuardContainerId:string
      InitiatingProcessSessionId:long IsInitiatingProcessRemoteSession:bool
      InitiatingProcessRemoteSessionDeviceName:string InitiatingProcessRemoteSessionIP:string InitiatingProcessUniqueId:string`,
    },
    {
        name: 'DeviceEvents',
        description: 'Multiple event types, including events triggered by security controls such as Microsoft Defender Antivirus and exploit protection',
        columns: `Timestamp:datetime DeviceId:string DeviceName:string ActionType:string FileName:string FolderPath:string
      SHA1:string SHA256:string MD5:string FileSize:long AccountDomain:string AccountName:string AccountSid:string
      RemoteUrl:string RemoteDeviceName:string ProcessId:long ProcessCommandLine:string
      ProcessCreationTime:datetime ProcessTokenElevation:string LogonId:long RegistryKey:string
      RegistryValueName:string RegistryValueData:string RemoteIP:string RemotePort:int LocalIP:string LocalPort:int
      FileOriginUrl:string FileOriginIP:string InitiatingProcessSHA1:string InitiatingProcessSHA256:string
      InitiatingProcessMD5:string InitiatingProcessFileName:string InitiatingProcessFileSize:long
      InitiatingProcessFolderPath:string InitiatingProcessId:long InitiatingProcessCommandLine:string
      InitiatingProcessCreationTime:datetime InitiatingProcessAccountDomain:string InitiatingProcessAccountName:string
      InitiatingProcessAccountSid:string InitiatingProcessAccountUpn:string InitiatingProcessAccountObjectId:string
      InitiatingProcessVersionInfoCompanyName:string InitiatingProcessVersionInfoProductName:string
      InitiatingProcessVersionInfoProductVersion:string InitiatingProcessVersionInfoInternalFileName:string
      InitiatingProcessVersionInfoOriginalFileName:string InitiatingProcessVersionInfoFileDescription:string
      InitiatingProcessParentId:long InitiatingProcessParentFileName:string
      InitiatingProcessParentCreationTime:datetime InitiatingProcessLogonId:long ReportId:long
      AppGuardContainerId:string AdditionalFields:string InitiatingProcessSessionId:long
      IsInitiatingProcessRemoteSession:bool InitiatingProcessRemoteSessionDeviceName:string
      InitiatingProcessRemoteSessionIP:string CreatedProcessSessionId:long IsProcessRemoteSession:bool
      ProcessRemoteSessionDeviceName:string ProcessRemoteSessionIP:string InitiatingProcessUniqueId:string`,
    },
    {
        name: 'DeviceFileCertificateInfo',
        description: 'Certificate information of signed files obtained from certificate verification events on endpoints',
        columns: `Timestamp:datetime DeviceId:string DeviceName:string SHA1:string IsSigned:bool SignatureType:string
      Signer:string SignerHash:string Issuer:string IssuerHash:string CertificateSerialNumber:string
      CrlDistributionPointUrls:string CertificateCreationTime:datetime CertificateExpirationTime:datetime
      CertificateCountersignatureTime:datetime IsTrusted:bool IsRootSignerMicrosoft:bool ReportId:long`,
    },
    // ---------------------------------------------------------------- Device* vulnerability management (snapshots)
    {
        name: 'DeviceTvmSoftwareVulnerabilities',
        description: 'Software vulnerabilities found on devices (current-state snapshot, no Timestamp)',
        columns: `DeviceId:string DeviceName:string OSPlatform:string OSVersion:string OSArchitecture:string
      SoftwareVendor:string SoftwareName:string SoftwareVersion:string CveId:string VulnerabilitySeverityLevel:string
      RecommendedSecurityUpdate:string RecommendedSecurityUpdateId:string CveTags:dynamic`,
    },
    {
        name: 'DeviceTvmSoftwareVulnerabilitiesKB',
        description: 'Knowledge base of publicly disclosed vulnerabilities',
        columns: `CveId:string CvssScore:string IsExploitAvailable:bool VulnerabilitySeverityLevel:string
      LastModifiedTime:datetime PublishedDate:datetime VulnerabilityDescription:string AffectedSoftware:dynamic`,
    },
    {
        name: 'DeviceTvmSecureConfigurationAssessment',
        description: 'Security configuration assessment events, indicating the status of various security configurations on devices',
        columns: `DeviceId:string DeviceName:string OSPlatform:string Timestamp:datetime ConfigurationId:string
      ConfigurationCategory:string ConfigurationSubcategory:string ConfigurationImpact:real IsCompliant:bool
      IsApplicable:bool Context:dynamic IsExpectedUserImpact:bool`,
    },
    {
        name: 'DeviceTvmSecureConfigurationAssessmentKB',
        description: 'Knowledge base of various security configurations used to assess device security posture',
        columns: `ConfigurationId:string ConfigurationImpact:real ConfigurationName:string ConfigurationDescription:string
      RiskDescription:string ConfigurationCategory:string ConfigurationSubcategory:string
      ConfigurationBenchmarks:dynamic Tags:dynamic RemediationOptions:string`,
    },
    {
        name: 'DeviceTvmSoftwareInventory',
        description: 'Inventory of software installed on devices, including version information and end-of-support status',
        columns: `DeviceId:string DeviceName:string OSPlatform:string OSVersion:string OSArchitecture:string
      SoftwareVendor:string SoftwareName:string SoftwareVersion:string EndOfSupportStatus:string
      EndOfSupportDate:datetime ProductCodeCpe:string`,
    },
    {
        name: 'DeviceTvmSoftwareEvidenceBeta',
        description: 'Where a software item was detected on a device (registry and disk paths)',
        columns: `DeviceId:string SoftwareVendor:string SoftwareName:string SoftwareVersion:string RegistryPaths:dynamic
      DiskPaths:dynamic LastSeenTime:string`,
    },
    {
        name: 'DeviceTvmInfoGathering',
        description: 'Defender Vulnerability Management assessment events, including configuration status and attack surface',
        columns: `Timestamp:datetime LastSeenTime:datetime DeviceId:string DeviceName:string OSPlatform:string
      AdditionalFields:dynamic`,
    },
    {
        name: 'DeviceTvmInfoGatheringKB',
        description: 'Metadata for the assessment events collected in DeviceTvmInfoGathering',
        columns: `IgId:string FieldName:string Description:string Categories:dynamic DataStructure:string`,
    },
    {
        name: 'DeviceTvmCertificateInfo',
        description: 'Certificates installed on devices',
        columns: `DeviceId:string Thumbprint:string Path:string SerialNumber:string IssuedTo:dynamic IssuedBy:dynamic
      FriendlyName:string SignatureAlgorithm:string KeySize:string ExpirationDate:string IssueDate:string
      SubjectType:string KeyUsage:string ExtendedKeyUsage:string`,
    },
    {
        name: 'DeviceTvmHardwareFirmware',
        description: 'Hardware and firmware inventory of devices',
        columns: `DeviceId:string DeviceName:string ComponentType:string Manufacturer:string ComponentName:string
      ComponentFamily:string ComponentVersion:string AdditionalFields:dynamic`,
    },
    {
        name: 'DeviceTvmBrowserExtensions',
        description: 'Browser extensions installed on devices',
        columns: `DeviceId:string BrowserName:string ExtensionId:string ExtensionName:string ExtensionDescription:string
      ExtensionVersion:string ExtensionRisk:string ExtensionVendor:string IsActivated:string
      InstallationTime:datetime`,
    },
    {
        name: 'DeviceTvmBrowserExtensionsKB',
        description: 'Knowledge base of browser extension details and permissions',
        columns: `BrowserName:string ExtensionId:string ExtensionName:string ExtensionDescription:string
      ExtensionVersion:dynamic ExtensionRisk:string PermissionId:string PermissionName:string
      PermissionDescription:string PermissionRisk:string IsPermissionRequired:string`,
    },
    {
        name: 'DeviceBaselineComplianceAssessment',
        description: 'Baseline compliance assessment snapshot of devices',
        columns: `DeviceId:string DeviceName:string OSPlatform:string OSVersion:string ConfigurationId:string
      ProfileId:string IsCompliant:bool IsApplicable:bool Source:dynamic RecommendedValue:dynamic
      CurrentValue:dynamic IsExempt:bool`,
    },
    {
        name: 'DeviceBaselineComplianceAssessmentKB',
        description: 'Knowledge base of the configurations used by baseline compliance assessment',
        columns: `ConfigurationId:string ConfigurationName:string ConfigurationDescription:string
      ConfigurationRationale:string ConfigurationCategory:string BenchmarkProfileLevels:dynamic CCEReference:string
      RemediationOptions:string ConfigurationBenchmark:string Source:dynamic RecommendedValue:dynamic`,
    },
    {
        name: 'DeviceBaselineComplianceProfiles',
        description: 'Baseline compliance profiles',
        columns: `ProfileId:string ProfileName:string ProfileDescription:string OSPlatform:dynamic OSVersion:string
      BaseBenchmark:string BenchmarkVersion:string BenchmarkProfileLevel:string Status:bool CreatedBy:string
      CreatedOn:datetime LastUpdatedBy:string LastUpdatedOn:datetime`,
    },
    // ---------------------------------------------------------------- alerts and behaviors
    {
        name: 'AlertInfo',
        description: 'Alerts from Microsoft Defender XDR services, including severity and threat categorization',
        columns: `Timestamp:datetime AlertId:string Title:string Category:string Severity:string ServiceSource:string
      DetectionSource:string AttackTechniques:string`,
    },
    {
        name: 'AlertEvidence',
        description: 'Files, IP addresses, URLs, users, or devices associated with alerts',
        columns: `Timestamp:datetime AlertId:string Title:string Categories:string AttackTechniques:string
      ServiceSource:string DetectionSource:string EntityType:string EvidenceRole:string EvidenceDirection:string
      FileName:string FolderPath:string SHA1:string SHA256:string FileSize:long ThreatFamily:string RemoteIP:string
      RemoteUrl:string AccountName:string AccountDomain:string AccountSid:string AccountObjectId:string
      AccountUpn:string DeviceId:string DeviceName:string LocalIP:string NetworkMessageId:string
      EmailSubject:string Application:string ApplicationId:int OAuthApplicationId:string
      ProcessCommandLine:string RegistryKey:string RegistryValueName:string RegistryValueData:string
      AdditionalFields:string Severity:string CloudResource:string CloudPlatform:string ResourceType:string
      ResourceID:string SubscriptionId:string`,
    },
    {
        name: 'BehaviorInfo',
        description: 'Suspicious activities (behaviors) that may not constitute a threat by themselves',
        columns: `Timestamp:datetime BehaviorId:string ActionType:string Description:string Categories:string
      AttackTechniques:string ServiceSource:string DetectionSource:string DataSources:string DeviceId:string
      AccountUpn:string AccountObjectId:string StartTime:datetime EndTime:datetime AdditionalFields:string`,
    },
    {
        name: 'BehaviorEntities',
        description: 'Entities (files, processes, devices, users) involved in a behavior',
        columns: `Timestamp:datetime BehaviorId:string ActionType:string Categories:string ServiceSource:string
      DetectionSource:string DataSources:string EntityType:string EntityRole:string DetailedEntityRole:string
      FileName:string FolderPath:string SHA1:string SHA256:string FileSize:long ThreatFamily:string RemoteIP:string
      RemoteUrl:string AccountName:string AccountDomain:string AccountSid:string AccountObjectId:string
      AccountUpn:string DeviceId:string DeviceName:string LocalIP:string NetworkMessageId:string
      EmailSubject:string EmailClusterId:string Application:string ApplicationId:int OAuthApplicationId:string
      ProcessCommandLine:string RegistryKey:string RegistryValueName:string RegistryValueData:string
      AdditionalFields:string`,
    },
    // ---------------------------------------------------------------- identities
    {
        name: 'IdentityLogonEvents',
        description: 'Authentication events on Active Directory and Microsoft online services',
        columns: `Timestamp:datetime ActionType:string Application:string LogonType:string Protocol:string
      FailureReason:string AccountName:string AccountDomain:string AccountUpn:string AccountSid:string
      AccountObjectId:string AccountDisplayName:string DeviceName:string DeviceType:string OSPlatform:string
      IPAddress:string Port:int DestinationDeviceName:string DestinationIPAddress:string DestinationPort:int
      TargetDeviceName:string TargetAccountDisplayName:string Location:string Isp:string ReportId:string
      AdditionalFields:dynamic`,
    },
    {
        name: 'IdentityQueryEvents',
        description: 'Queries for Active Directory objects, such as users, groups, devices, and domains',
        columns: `Timestamp:datetime ActionType:string Application:string QueryType:string QueryTarget:string
      Query:string Protocol:string AccountName:string AccountDomain:string AccountUpn:string AccountSid:string
      AccountObjectId:string AccountDisplayName:string DeviceName:string IPAddress:string Port:int
      DestinationDeviceName:string DestinationIPAddress:string DestinationPort:int TargetDeviceName:string
      TargetAccountUpn:string TargetAccountDisplayName:string Location:string ReportId:string
      AdditionalFields:dynamic`,
    },
    {
        name: 'IdentityDirectoryEvents',
        description: 'Events involving an on-premises domain controller running Active Directory',
        columns: `Timestamp:datetime ActionType:string Application:string TargetAccountUpn:string
      TargetAccountDisplayName:string TargetDeviceName:string DestinationDeviceName:string
      DestinationIPAddress:string DestinationPort:int Protocol:string AccountName:string AccountDomain:string
      AccountUpn:string AccountSid:string AccountObjectId:string AccountDisplayName:string DeviceName:string
      IPAddress:string Port:int Location:string ISP:string ReportId:string AdditionalFields:dynamic`,
    },
    {
        name: 'IdentityInfo',
        description: 'Account information from various sources, including Microsoft Entra ID',
        // Timestamp, ReportId and several others are marked "Defender for Identity only" on the page.
        columns: `Timestamp:datetime ReportId:string AccountObjectId:string AccountUpn:string OnPremSid:string
      AccountDisplayName:string AccountName:string AccountDomain:string Type:string DistinguishedName:string
      CloudSid:string GivenName:string Surname:string Department:string JobTitle:string EmailAddress:string
      SipProxyAddress:string Address:string City:string Country:string IsAccountEnabled:bool Manager:string
      Phone:string CreatedDateTime:datetime SourceProvider:string ChangeSource:string Tags:dynamic
      AssignedRoles:dynamic TenantId:string SourceSystem:string`,
    },
    // ---------------------------------------------------------------- email and collaboration
    {
        name: 'EmailEvents',
        description: 'Microsoft 365 email events, including email delivery and blocking events',
        columns: `Timestamp:datetime NetworkMessageId:string InternetMessageId:string SenderMailFromAddress:string
      SenderFromAddress:string SenderDisplayName:string SenderObjectId:string SenderMailFromDomain:string
      SenderFromDomain:string SenderIPv4:string SenderIPv6:string RecipientEmailAddress:string
      RecipientObjectId:string Subject:string EmailClusterId:long EmailDirection:string DeliveryAction:string
      DeliveryLocation:string ThreatTypes:string ThreatNames:string DetectionMethods:string ConfidenceLevel:string
      BulkComplaintLevel:int EmailAction:string EmailActionPolicy:string EmailActionPolicyGuid:string
      AuthenticationDetails:string AttachmentCount:int UrlCount:int EmailLanguage:string Connectors:string
      OrgLevelAction:string OrgLevelPolicy:string UserLevelAction:string UserLevelPolicy:string ReportId:string
      AdditionalFields:string LatestDeliveryLocation:string LatestDeliveryAction:string`,
    },
    {
        name: 'EmailAttachmentInfo',
        description: 'Information about files attached to emails',
        columns: `Timestamp:datetime NetworkMessageId:string SenderFromAddress:string SenderDisplayName:string
      SenderObjectId:string RecipientEmailAddress:string RecipientObjectId:string FileName:string FileType:string
      SHA256:string FileSize:long ThreatTypes:string ThreatNames:string DetectionMethods:string ReportId:string`,
    },
    {
        name: 'EmailUrlInfo',
        description: 'Information about URLs on emails',
        columns: `Timestamp:datetime NetworkMessageId:string Url:string UrlDomain:string UrlLocation:string
      ReportId:string`,
    },
    {
        name: 'EmailPostDeliveryEvents',
        description: 'Security events that occur post-delivery, after Microsoft 365 has delivered the emails to the recipient mailbox',
        columns: `Timestamp:datetime NetworkMessageId:string InternetMessageId:string Action:string ActionType:string
      ActionTrigger:string ActionResult:string RecipientEmailAddress:string DeliveryLocation:string
      ThreatTypes:string DetectionMethods:string ReportId:string`,
    },
    {
        name: 'UrlClickEvents',
        description: 'Safe Links clicks from email messages, Teams, and Office 365 apps',
        columns: `Timestamp:datetime Url:string ActionType:string AccountUpn:string Workload:string
      NetworkMessageId:string ThreatTypes:string DetectionMethods:string IPAddress:string IsClickedThrough:bool
      UrlChain:string ReportId:string`,
    },
    // ---------------------------------------------------------------- cloud apps
    {
        name: 'CloudAppEvents',
        description: 'Events involving accounts and objects in Office 365 and other cloud apps and services',
        columns: `Timestamp:datetime ActionType:string Application:string ApplicationId:int AppInstanceId:int
      AccountObjectId:string AccountId:string AccountDisplayName:string IsAdminOperation:bool DeviceType:string
      OSPlatform:string IPAddress:string IsAnonymousProxy:bool CountryCode:string City:string Isp:string
      UserAgent:string ActivityType:string ActivityObjects:dynamic ObjectName:string ObjectType:string
      ObjectId:string ReportId:string AccountType:string IsExternalUser:bool IsImpersonated:bool IPTags:dynamic
      IPCategory:string UserAgentTags:dynamic RawEventData:dynamic AdditionalFields:dynamic
      LastSeenForUser:string UncommonForUser:string AuditSource:string SessionData:dynamic OAuthAppId:string`,
    },
    // ---------------------------------------------------------------- exposure management
    {
        name: 'ExposureGraphNodes',
        description: 'Exposure graph nodes (assets and entities)',
        columns: `NodeId:string NodeLabel:string NodeName:string Categories:dynamic NodeProperties:dynamic
      EntityIds:dynamic`,
    },
    {
        name: 'ExposureGraphEdges',
        description: 'Exposure graph edges (relations between nodes)',
        columns: `EdgeId:string EdgeLabel:string SourceNodeId:string SourceNodeName:string SourceNodeLabel:string
      SourceNodeCategories:dynamic TargetNodeId:string TargetNodeName:string TargetNodeLabel:string
      TargetNodeCategories:dynamic EdgeProperties:dynamic`,
    },
];
const COLUMN_TYPES = new Set(['bool', 'int', 'long', 'real', 'decimal', 'string', 'datetime', 'timespan', 'dynamic', 'guid']);
function parseColumns(table, spec) {
    const cols = [];
    for (const token of spec.split(/\s+/).filter((t) => t.length > 0)) {
        const i = token.indexOf(':');
        const name = token.slice(0, i);
        const type = token.slice(i + 1);
        if (i <= 0 || !COLUMN_TYPES.has(type))
            throw new Error(`mde-schema: bad column '${token}' in ${table}`);
        cols.push(Object.freeze({ name, type: type }));
    }
    return cols;
}
function build(raw) {
    const columns = parseColumns(raw.name, raw.columns);
    const hasTimestamp = columns.some((c) => c.name === 'Timestamp');
    if (raw.name.startsWith('Device') && hasTimestamp) {
        const at = columns.findIndex((c) => c.name === 'Timestamp');
        columns.splice(at + 1, 0, Object.freeze({
            name: 'TimeGenerated',
            type: 'datetime',
            description: 'Sentinel copy of Timestamp (same value)',
        }));
    }
    return Object.freeze({
        name: raw.name,
        description: raw.description,
        columns: Object.freeze(columns),
        ...(hasTimestamp ? { timeColumn: 'Timestamp' } : {}),
    });
}
export const MDE_TABLES = Object.freeze(RAW.map(build));
const BY_NAME = new Map(MDE_TABLES.map((t) => [t.name, t]));
/** Table names are case-sensitive in Kusto, so the lookup is too. */
export function getTable(name) {
    return BY_NAME.get(name);
}
// ------------------------------------------------------------------------------------------------ Sentinel copy
/** Tables that the Defender XDR connector streams into Log Analytics (schema.md section 7; IdentityInfo is a
 * different, UEBA-built table in Sentinel and is left out). */
export const SENTINEL_STREAMED_TABLES = Object.freeze([
    'DeviceEvents', 'DeviceFileCertificateInfo', 'DeviceFileEvents', 'DeviceImageLoadEvents', 'DeviceInfo',
    'DeviceLogonEvents', 'DeviceNetworkEvents', 'DeviceNetworkInfo', 'DeviceProcessEvents', 'DeviceRegistryEvents',
    'AlertEvidence', 'AlertInfo', 'CloudAppEvents', 'EmailAttachmentInfo', 'EmailEvents', 'EmailPostDeliveryEvents',
    'EmailUrlInfo', 'IdentityDirectoryEvents', 'IdentityLogonEvents', 'IdentityQueryEvents', 'UrlClickEvents',
]);
// Device* columns that Defender documents as JSON text but Log Analytics stores as dynamic (Azure Monitor Logs
// table reference pages for DeviceInfo, DeviceNetworkInfo, DeviceNetworkEvents, DeviceProcessEvents,
// DeviceRegistryEvents). Any other Device* table: AdditionalFields only.
const SENTINEL_DYNAMIC = {
    DeviceInfo: ['AdditionalFields', 'LoggedOnUsers'],
    DeviceNetworkInfo: ['ConnectedNetworks', 'DnsAddresses', 'DefaultGateways', 'IPAddresses'],
};
// Log Analytics columns of the streamed tables that Defender does not have (MachineGroup: Device* only).
const SENTINEL_EXTRA = Object.freeze([
    { name: 'MachineGroup', type: 'string' },
    { name: 'SourceSystem', type: 'string' },
    { name: 'TenantId', type: 'string' },
    { name: 'Type', type: 'string', description: 'The name of the table' },
    { name: '_BilledSize', type: 'real' },
    { name: '_IsBillable', type: 'string' },
]);
/**
 * The Sentinel (Log Analytics) copy of a streamed table: same columns (Timestamp is kept so that one schema binds
 * both query flavours), TimeGenerated after Timestamp, the Device* JSON columns as dynamic, plus the Log
 * Analytics columns. Returns the table unchanged when it is not streamed to Sentinel.
 */
export function sentinelFlavour(table) {
    if (!SENTINEL_STREAMED_TABLES.includes(table.name))
        return table;
    const device = table.name.startsWith('Device');
    const dyn = new Set(device ? SENTINEL_DYNAMIC[table.name] ?? ['AdditionalFields'] : []);
    const columns = table.columns.map((c) => dyn.has(c.name) && c.type !== 'dynamic' ? Object.freeze({ ...c, type: 'dynamic' }) : c);
    const have = new Set(columns.map((c) => c.name));
    if (!have.has('TimeGenerated')) {
        const at = columns.findIndex((c) => c.name === 'Timestamp');
        columns.splice(at + 1, 0, Object.freeze({ name: 'TimeGenerated', type: 'datetime' }));
    }
    for (const extra of SENTINEL_EXTRA) {
        if (have.has(extra.name) || (extra.name === 'MachineGroup' && !device))
            continue;
        columns.push(extra);
    }
    return Object.freeze({ ...table, columns: Object.freeze(columns) });
}
