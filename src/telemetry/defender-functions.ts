/**
 * Defender XDR's built-in advanced-hunting functions, computed from what the local tables know, as data: each is
 * a KQL function (parameter list and body text) that the engine declares to Kusto.Language, so the translator
 * expands the body at every call site like a user function.
 *
 * Documented by Microsoft (defender-xdr/advanced-hunting-*-function.md):
 * - FileProfile(x, y)  `T | invoke FileProfile(SHA1, 1000)`: adds a file profile to each row. Defender's values
 *   are global (all customers); here they are what the store saw: GlobalPrevalence = number of devices that had
 *   the file (process, initiating process, file, image-load and network events), GlobalFirstSeen / LastSeen = the
 *   first and last such event, signer details from DeviceFileCertificateInfo, ThreatName from antivirus
 *   detections in DeviceEvents. Unknown values are null (empty for strings).
 * - DeviceFromIP(x, y)  `T | invoke DeviceFromIP()`: the device each IP was last assigned to (at or before y),
 *   from DeviceNetworkInfo's IPAddresses. Returns the documented columns IP, DeviceId.
 * - AssignedIPAddresses(x, y): the IP addresses of device x (DeviceId or DeviceName) in its latest
 *   DeviceNetworkInfo report per adapter at or before y (default now()).
 * - SeenBy()  `DeviceInfo | invoke SeenBy()`: the onboarded devices that have seen a device, as a `SeenBy` column
 *   (JSON text of an array of {DeviceId, LastEncountered}: the published queries read it with
 *   parse_json / todynamic, and todynamic takes a string): the devices whose
 *   DeviceNetworkEvents reached one of that device's DeviceNetworkInfo addresses.
 *
 * The column arguments of the invoke forms (FileProfile(SHA1), DeviceFromIP(IP), SeenBy(DeviceId)) are column
 * names; Kusto.Language cannot bind a column of the piped input there, so they are declared as strings with
 * `columnNameArgs` (see src/kql/language/kusto.ts) and looked up with column_ifexists. A value that is not a
 * column name is taken as the value itself (`invoke SeenBy("<device id>")`, as the SeenBy page writes it).
 *
 * FileProfile's y ("limit to the number of records to enrich", a cost limit of Defender's service) is accepted and
 * ignored: every row is enriched.
 */
/** A function declared to the binder: its name, parameter list and KQL body (the engine's FunctionDecl shape). */
export interface FunctionDecl {
  readonly name: string;
  readonly parameters: string;
  readonly body: string;
  /** Positions of the parameters that take a column name of the piped table (as `invoke FileProfile(SHA1)` does). */
  readonly columnNameArgs?: readonly number[];
}

/** Hash sightings: one row per event that names a file by hash, with what the event says about the file. */
const FILE_SIGHTINGS = `union
    (DeviceProcessEvents | project Timestamp, DeviceId, SHA1, SHA256, MD5, FileSize, FileName,
        Publisher = ProcessVersionInfoCompanyName, SoftwareName = ProcessVersionInfoProductName),
    (DeviceProcessEvents | project Timestamp, DeviceId, SHA1 = InitiatingProcessSHA1,
        SHA256 = InitiatingProcessSHA256, MD5 = InitiatingProcessMD5, FileSize = InitiatingProcessFileSize,
        FileName = InitiatingProcessFileName, Publisher = InitiatingProcessVersionInfoCompanyName,
        SoftwareName = InitiatingProcessVersionInfoProductName),
    (DeviceNetworkEvents | project Timestamp, DeviceId, SHA1 = InitiatingProcessSHA1,
        SHA256 = InitiatingProcessSHA256, MD5 = InitiatingProcessMD5, FileSize = InitiatingProcessFileSize,
        FileName = InitiatingProcessFileName, Publisher = InitiatingProcessVersionInfoCompanyName,
        SoftwareName = InitiatingProcessVersionInfoProductName),
    (DeviceFileEvents | project Timestamp, DeviceId, SHA1, SHA256, MD5, FileSize, FileName, Publisher = "",
        SoftwareName = ""),
    (DeviceImageLoadEvents | project Timestamp, DeviceId, SHA1, SHA256, MD5, FileSize, FileName, Publisher = "",
        SoftwareName = "")`;

const FILE_PROFILE_BODY = `{
  let __FPSeen = ${FILE_SIGHTINGS};
  let __FPFiles = union
      (__FPSeen | where isnotempty(SHA1) | extend __FPKey = SHA1),
      (__FPSeen | where isnotempty(SHA256) | extend __FPKey = SHA256)
    | summarize __First = min(Timestamp), __Last = max(Timestamp),
        SHA1 = take_anyif(SHA1, isnotempty(SHA1)), SHA256 = take_anyif(SHA256, isnotempty(SHA256)),
        MD5 = take_anyif(MD5, isnotempty(MD5)), FileSize = take_anyif(FileSize, isnotnull(FileSize)),
        FileName = take_anyif(FileName, isnotempty(FileName)), Publisher = take_anyif(Publisher, isnotempty(Publisher)),
        SoftwareName = take_anyif(SoftwareName, isnotempty(SoftwareName))
        by __FPKey, DeviceId
    | summarize __FPPrevalence = count(), __FPFirstSeen = min(__First), __FPLastSeen = max(__Last),
        __FPSHA1 = take_anyif(SHA1, isnotempty(SHA1)), __FPSHA256 = take_anyif(SHA256, isnotempty(SHA256)),
        __FPMD5 = take_anyif(MD5, isnotempty(MD5)), __FPFileSize = take_anyif(FileSize, isnotnull(FileSize)),
        __FPFileName = take_anyif(FileName, isnotempty(FileName)),
        __FPPublisher = take_anyif(Publisher, isnotempty(Publisher)),
        __FPSoftwareName = take_anyif(SoftwareName, isnotempty(SoftwareName))
        by __FPKey;
  let __FPCerts = DeviceFileCertificateInfo
    | where isnotempty(SHA1)
    | summarize arg_max(Timestamp, IsSigned, Signer, Issuer, SignerHash, IsTrusted, IsRootSignerMicrosoft) by __FPSHA1 = SHA1
    | project __FPSHA1, __FPIsSigned = IsSigned, __FPSigner = Signer, __FPIssuer = Issuer, __FPSignerHash = SignerHash,
        __FPIsTrusted = IsTrusted, __FPIsRootSignerMicrosoft = IsRootSignerMicrosoft;
  let __FPThreats = DeviceEvents
    | where ActionType == "AntivirusDetection" and isnotempty(SHA1)
    | extend __FPThreat = tostring(parse_json(AdditionalFields).ThreatName)
    | where isnotempty(__FPThreat)
    | summarize arg_max(Timestamp, __FPThreat) by __FPSHA1 = SHA1
    | project __FPSHA1, __FPThreatName = __FPThreat;
  let __FPProfile = __FPFiles
    | lookup kind=leftouter __FPCerts on __FPSHA1
    | lookup kind=leftouter __FPThreats on __FPSHA1;
  T
  | extend __FPKey = tostring(column_ifexists(x, ""))
  | lookup kind=leftouter __FPProfile on __FPKey
  | extend
      SHA1 = iff(isnotempty(column_ifexists("SHA1", "")), column_ifexists("SHA1", ""), __FPSHA1),
      SHA256 = iff(isnotempty(column_ifexists("SHA256", "")), column_ifexists("SHA256", ""), __FPSHA256),
      MD5 = iff(isnotempty(column_ifexists("MD5", "")), column_ifexists("MD5", ""), __FPMD5),
      FileSize = iff(isnotnull(column_ifexists("FileSize", long(null))), column_ifexists("FileSize", long(null)), __FPFileSize),
      GlobalPrevalence = __FPPrevalence,
      GlobalFirstSeen = __FPFirstSeen,
      GlobalLastSeen = __FPLastSeen,
      Signer = __FPSigner,
      Issuer = __FPIssuer,
      SignerHash = __FPSignerHash,
      IsCertificateValid = __FPIsTrusted,
      IsRootSignerMicrosoft = __FPIsRootSignerMicrosoft,
      SignatureState = case(isnull(__FPPrevalence), "",
                            isnull(__FPIsSigned), "Unknown",
                            not(__FPIsSigned), "Unsigned",
                            __FPIsTrusted == true, "SignedValid",
                            "SignedInvalid"),
      IsExecutable = iff(isempty(__FPFileName), bool(null),
                         tolower(__FPFileName) matches regex @"\\.(exe|dll|sys|scr|ocx|cpl|com|drv|efi|mui|ax|acm|tsp)$"),
      ThreatName = __FPThreatName,
      Publisher = __FPPublisher,
      SoftwareName = __FPSoftwareName,
      ProfileAvailability = case(isempty(__FPKey), "", isnull(__FPPrevalence), "Missing", "Available")
  | project-away __FPKey, __FPSHA1, __FPSHA256, __FPMD5, __FPFileSize, __FPPrevalence, __FPFirstSeen, __FPLastSeen,
      __FPFileName, __FPPublisher, __FPSoftwareName, __FPIsSigned, __FPSigner, __FPIssuer, __FPSignerHash,
      __FPIsTrusted, __FPIsRootSignerMicrosoft, __FPThreatName
}`;

/** (device, ip) pairs from DeviceNetworkInfo reports: IPAddresses is a JSON array of {IPAddress, SubnetPrefix, AddressType}. */
const DEVICE_ADDRESSES = `DeviceNetworkInfo
    | mv-expand __Addr = todynamic(IPAddresses)
    | extend __IP = tostring(__Addr.IPAddress), __IPType = tostring(__Addr.AddressType)
    | where isnotempty(__IP)`;

const DEVICE_FROM_IP_BODY = `{
  let __At = iff(isnull(y), now(), y);
  let __Assigned = ${DEVICE_ADDRESSES}
    | where Timestamp <= __At
    | summarize arg_max(Timestamp, DeviceId) by IP = __IP
    | project IP, DeviceId;
  T
  | extend IP = tostring(column_ifexists(x, x))
  | distinct IP
  | join kind=inner __Assigned on IP
  | project IP, DeviceId
}`;

const ASSIGNED_IP_ADDRESSES_BODY = `{
  let __At = iff(isnull(y), now(), y);
  DeviceNetworkInfo
  | where DeviceId == x or DeviceName =~ x
  | where Timestamp <= __At
  | summarize arg_max(Timestamp, *) by DeviceId, NetworkAdapterName
  | mv-expand __Addr = todynamic(IPAddresses)
  | extend IPAddress = tostring(__Addr.IPAddress), IPType = tostring(__Addr.AddressType)
  | where isnotempty(IPAddress)
  | project Timestamp, DeviceId, DeviceName, IPAddress, IPType, NetworkAdapterType, ConnectedNetworks
}`;

const SEEN_BY_BODY = `{
  let __Addresses = ${DEVICE_ADDRESSES}
    | distinct __SeenDevice = DeviceId, __IP;
  let __Observers = DeviceNetworkEvents
    | where isnotempty(RemoteIP)
    | summarize __Last = max(Timestamp) by __IP = RemoteIP, __Observer = DeviceId
    | join kind=inner __Addresses on __IP
    | where __Observer != __SeenDevice
    | summarize __Last = max(__Last) by __SeenDevice, __Observer
    | summarize __SeenBy = make_list(bag_pack("DeviceId", __Observer, "LastEncountered", __Last)) by __SeenDevice;
  T
  | extend __SeenDevice = tostring(column_ifexists(x, x))
  | lookup kind=leftouter __Observers on __SeenDevice
  | extend SeenBy = tostring(__SeenBy)
  | project-away __SeenDevice, __SeenBy
}`;

export const DEFENDER_FUNCTIONS: readonly FunctionDecl[] = [
  { name: 'FileProfile', parameters: '(T:(*), x:string = "SHA1", y:long = 100)', body: FILE_PROFILE_BODY, columnNameArgs: [0] },
  { name: 'DeviceFromIP', parameters: '(T:(*), x:string = "IP", y:datetime = datetime(null))', body: DEVICE_FROM_IP_BODY, columnNameArgs: [0] },
  { name: 'AssignedIPAddresses', parameters: '(x:string, y:datetime = datetime(null))', body: ASSIGNED_IP_ADDRESSES_BODY },
  { name: 'SeenBy', parameters: '(T:(*), x:string = "DeviceId")', body: SEEN_BY_BODY, columnNameArgs: [0] },
];
