/**
 * The endpoint tables that describe rather than happen: certificates of the files seen, network adapters,
 * installed software, and the alerts, identity logons and e-mails of the planted stories. Then the entry point
 * that builds every endpoint table (endpointTables).
 */
import { Rng } from './random.js';
import type { Device, Row } from './generate.js';
import { DAY_TICKS, HOUR_TICKS, MIN_TICKS, SEC_TICKS, Sink, World, isServer, type Acct, type EndpointInput, type Img } from './endpoint.js';
import { EXTENSIONS, background, bootAll, makeActivity, timeIn, type Activity, type Targets } from './endpoint-activity.js';
import { BRUTE_FORCE_IP, PHISH_DOMAIN, plantStories, type AlertFact, type StoryFacts } from './endpoint-stories.js';
import {
  OS_SOFTWARE, SIGNERS, SOFTWARE_LINUX, SOFTWARE_OPTIONAL, SOFTWARE_ROLE, SOFTWARE_WIN_COMMON, SOFTWARE_WORKSTATION, type SoftwareSpec,
} from './endpoint-catalog.js';

/** Default sizes at scale 1 (the brief's "moderate" day). */
export const ENDPOINT_DEFAULTS: Targets = { process: 50_000, file: 30_000, logon: 10_000, registry: 10_000, image: 20_000, events: 10_000 };

function hexOf(s: string, n: number, seed: number): string {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return new Rng(h).hex(n);
}

function certificates(w: World, rng: Rng): Sink {
  const sink = new Sink('DeviceFileCertificateInfo');
  const seen: { dev: Device; img: Img; t: number }[] = [];
  for (const s of w.states.values()) for (const [img, t] of s.seen) seen.push({ dev: s.dev, img, t });
  for (const { dev, img, t } of seen) {
    if (!img.signer) continue;
    const s = SIGNERS[img.signer]!;
    // Windows binaries are catalogue-signed and common: keep a sample so the table stays proportionate.
    if (img.signer === 'windows' && !rng.chance(0.25)) continue;
    sink.add(Math.min(t + rng.int(1, 120) * SEC_TICKS, DAY_TICKS - 1), dev, {
      SHA1: img.sha1, IsSigned: true, SignatureType: img.signer === 'windows' ? 'Catalog' : 'Embedded', Signer: s.signer,
      SignerHash: hexOf(s.signer, 40, w.seed), Issuer: s.issuer, IssuerHash: hexOf(s.issuer, 40, w.seed),
      CertificateSerialNumber: hexOf(s.signer + s.from, 38, w.seed), CrlDistributionPointUrls: JSON.stringify([s.crl]),
      CertificateCreationTime: `${s.from}T00:00:00.0000000Z`, CertificateExpirationTime: `${s.to}T23:59:59.0000000Z`,
      CertificateCountersignatureTime: img.signer === 'gigabyte' ? '2014-02-11T08:21:37.0000000Z' : null,
      IsTrusted: true, IsRootSignerMicrosoft: s.msRoot,
    });
  }
  return sink;
}

function mac(dev: Device, k: number, oui: string): string {
  return oui + dev.id.slice(2 + k * 6, 8 + k * 6).toUpperCase();
}

function networkInfo(w: World, rng: Rng, dnsServers: string[]): Sink {
  const sink = new Sink('DeviceNetworkInfo');
  const dns = JSON.stringify(dnsServers.length ? dnsServers : ['10.1.20.10']);
  for (const dev of w.fleet.devices) {
    const onboarded = dev.kind !== 'discovered';
    const laptop = dev.name.startsWith('lt-');
    const home = dev.localIp.startsWith('192.168.');
    const gw = dev.localIp.replace(/\.\d+$/, '.1');
    const linkLocal = `fe80::${dev.id.slice(0, 4)}:${dev.id.slice(4, 8)}:${dev.id.slice(8, 12)}:${dev.id.slice(12, 16)}`;
    const addrs: { IPAddress: string; SubnetPrefix: number; AddressType: string }[] = [{ IPAddress: dev.localIp, SubnetPrefix: 24, AddressType: 'Private' }];
    if (dev.localIp6) addrs.push({ IPAddress: dev.localIp6, SubnetPrefix: 64, AddressType: 'Public' });
    if (onboarded && dev.os.family !== 'linux') addrs.push({ IPAddress: linkLocal, SubnetPrefix: 64, AddressType: 'LinkLocal' });
    const virtual = isServer(dev) || dev.kind === 'linux' || dev.kind === 'bastion';
    const adapters: Record<string, unknown>[] = [{
      NetworkAdapterName: !onboarded ? 'eth0' : dev.os.family === 'linux' ? 'ens160' : laptop ? 'Wi-Fi' : virtual ? 'Ethernet0' : 'Ethernet',
      MacAddress: mac(dev, 0, virtual ? '005056' : laptop ? '3CA9F4' : !onboarded ? '00A0C9' : '8C8CAA'),
      NetworkAdapterType: laptop ? 'Wireless80211' : 'Ethernet', NetworkAdapterStatus: 'Up', TunnelType: 'None',
      ConnectedNetworks: onboarded && dev.os.family !== 'linux' ? JSON.stringify([home ? { Name: 'HomeNet-5G', Description: 'HomeNet-5G', IsConnectedToInternet: true, Category: 'Private' } : { Name: 'contoso.com', Description: 'contoso.com', IsConnectedToInternet: true, Category: 'Domain' }]) : null,
      DnsAddresses: home ? JSON.stringify([gw]) : dns, IPv4Dhcp: virtual ? null : home ? gw : dnsServers[0] ?? null, IPv6Dhcp: null,
      DefaultGateways: JSON.stringify([gw]), IPAddresses: JSON.stringify(addrs),
      NetworkAdapterVendor: virtual ? 'VMware, Inc.' : laptop ? 'Intel Corporation' : !onboarded ? null : 'Realtek Semiconductor Corp.',
    }];
    if (home) {
      const vpnIp = `10.200.${dev.index % 250}.${10 + (dev.index % 200)}`;
      adapters.push({
        NetworkAdapterName: 'Contoso VPN', MacAddress: mac(dev, 1, '02004C'), NetworkAdapterType: 'Ppp', NetworkAdapterStatus: 'Up', TunnelType: 'Ipsec',
        ConnectedNetworks: JSON.stringify([{ Name: 'contoso.com', Description: 'contoso.com', IsConnectedToInternet: true, Category: 'Domain' }]),
        DnsAddresses: dns, IPv4Dhcp: null, IPv6Dhcp: null, DefaultGateways: null,
        IPAddresses: JSON.stringify([{ IPAddress: vpnIp, SubnetPrefix: 32, AddressType: 'Private' }]), NetworkAdapterVendor: 'Microsoft',
      });
    }
    const step = onboarded ? 6 : 12;
    const phase = rng.int(0, step * 60 - 1) * MIN_TICKS;
    const end = (24 - dev.goneHoursAgo) * HOUR_TICKS;
    for (let t = phase + SEC_TICKS; t < end; t += step * HOUR_TICKS) {
      for (const ad of adapters) sink.add(t + rng.int(0, 900) * 10_000, dev, ad);
    }
  }
  return sink;
}

function cpe(s: SoftwareSpec, os: boolean): string {
  return `cpe:2.3:${os ? 'o' : 'a'}:${s.vendor}:${s.name}:${s.version}:*:*:*:*:*:*:*`;
}

function inventory(w: World, rng: Rng): Sink {
  const sink = new Sink('DeviceTvmSoftwareInventory');
  const ws = w.fleet.devices.filter((d) => d.kind === 'workstation');
  // The first twelve workstations carry the vulnerable Chrome the vulnerability table lists (generate.ts).
  const oldChrome = new Set(ws.slice(0, 12));
  for (const dev of w.fleet.devices) {
    if (dev.kind === 'discovered') continue;
    const add = (s: SoftwareSpec, os = false): void => {
      sink.add(0, dev, {
        OSPlatform: dev.os.platform, OSVersion: dev.os.version, OSArchitecture: dev.os.family === 'mac' ? 'arm64' : '64-bit',
        SoftwareVendor: s.vendor, SoftwareName: s.name, SoftwareVersion: s.version, EndOfSupportStatus: s.eos ?? null,
        EndOfSupportDate: s.eosDate ? `${s.eosDate}T00:00:00.0000000Z` : null, ProductCodeCpe: cpe(s, os),
      });
    };
    const win = dev.os.family.startsWith('win');
    if (win) {
      const o = OS_SOFTWARE[dev.os.platform];
      if (o) add({ ...o, version: `${o.version}.${dev.os.clientVersion.split('.').at(-1)}` }, true);
      SOFTWARE_WIN_COMMON.forEach((s) => add(s));
      if (dev.kind === 'workstation') {
        SOFTWARE_WORKSTATION.forEach((s) => add(s.name === 'chrome' && oldChrome.has(dev) ? { ...s, version: '127.0.6533.99' } : s));
        SOFTWARE_OPTIONAL.forEach((s) => { if (rng.chance(0.12)) add(s); });
      }
      (SOFTWARE_ROLE[dev.role] ?? []).forEach((s) => add(s));
    } else if (dev.os.family === 'linux') {
      add({ vendor: dev.os.distribution === 'Ubuntu' ? 'canonical' : 'redhat', name: dev.os.distribution === 'Ubuntu' ? 'ubuntu_linux' : 'enterprise_linux', version: dev.os.version }, true);
      SOFTWARE_LINUX.forEach((s) => add(s.name === 'openssh' && dev !== w.fleet.bastion ? { ...s, version: '9.9p1' } : s));
    } else {
      add({ vendor: 'apple', name: 'macos', version: dev.os.version }, true);
      add({ vendor: 'google', name: 'chrome', version: '131.0.6778.86' });
      add({ vendor: 'microsoft', name: 'teams', version: '24295.606.3238.6194' });
    }
  }
  return sink;
}

// ---------------------------------------------------------------------------------------------------------------
// Alerts

function alertId(rng: Rng): string {
  return `da${rng.int(100_000_000, 999_999_999)}${rng.int(100_000_000, 999_999_999)}_${-rng.int(100_000_000, 2_000_000_000)}`;
}

function alerts(w: World, rng: Rng, facts: StoryFacts): { info: Sink; evidence: Sink } {
  const info = new Sink('AlertInfo');
  const evidence = new Sink('AlertEvidence');
  const sorted = [...facts.alerts].sort((x, y) => x.t - y.t);
  for (const al of sorted) addAlert(w, rng, info, evidence, al);
  return { info, evidence };
}

function addAlert(w: World, rng: Rng, info: Sink, evidence: Sink, al: AlertFact): void {
  const id = alertId(rng);
  const techniques = JSON.stringify(al.techniques);
  const categories = JSON.stringify([al.category]);
  info.add(al.t, null, { AlertId: id, Title: al.title, Category: al.category, Severity: al.severity, ServiceSource: al.service, DetectionSource: al.detection, AttackTechniques: techniques });
  for (const e of al.evidence) {
    const f: Record<string, unknown> = {
      AlertId: id, Title: al.title, Categories: categories, AttackTechniques: techniques, ServiceSource: al.service, DetectionSource: al.detection,
      EntityType: e.type, EvidenceRole: e.role, EvidenceDirection: null, Severity: al.severity, DeviceId: null, DeviceName: null,
    };
    const dev = e.dev ?? e.proc?.dev;
    if (dev && (e.type === 'Machine' || e.type === 'Process' || e.type === 'File')) {
      f.DeviceId = dev.id;
      f.DeviceName = dev.name;
      if (e.type === 'Machine') {
        f.LocalIP = dev.localIp;
        f.AdditionalFields = JSON.stringify({ HostName: dev.name.split('.')[0], DnsDomain: 'contoso.com', OSFamily: dev.os.family.startsWith('win') ? 'Windows' : 'Linux', OSVersion: dev.os.platform, RiskScore: 'High', Type: 'host' });
      }
    }
    if (e.proc) {
      Object.assign(f, {
        FileName: e.proc.file, FolderPath: e.proc.path, SHA1: e.proc.sha1, SHA256: e.proc.sha256, FileSize: e.proc.size,
        ProcessCommandLine: e.proc.cmd, AccountName: e.proc.account, AccountDomain: e.proc.domain, AccountSid: e.proc.sid,
        AdditionalFields: JSON.stringify({ ProcessId: e.proc.pid, CreationTimeUtc: e.proc.created, Type: 'process' }),
      });
    }
    if (e.img) Object.assign(f, { FileName: e.img.file, FolderPath: e.img.path, SHA1: e.img.sha1, SHA256: e.img.sha256, FileSize: e.img.size, ThreatFamily: e.threat ?? null });
    if (e.acct && e.type !== 'MailMessage') Object.assign(f, { AccountName: e.acct.name, AccountDomain: e.acct.domain, AccountSid: e.acct.sid, AccountObjectId: e.acct.objectId, AccountUpn: e.acct.upn });
    if (e.ip) Object.assign(f, { RemoteIP: e.ip, EvidenceDirection: e.role === 'Attacker' ? 'Source' : 'Destination' });
    if (e.url) f.RemoteUrl = e.url;
    if (e.registry) Object.assign(f, { RegistryKey: e.registry[0], RegistryValueName: e.registry[1], RegistryValueData: e.registry[2] });
    if (e.messageId) Object.assign(f, { NetworkMessageId: e.messageId, EmailSubject: e.subject ?? null, AccountUpn: e.acct?.upn ?? null });
    evidence.add(al.t, null, f);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Identity logons (the domain controller's view) and e-mail

function identityLogons(a: Activity, rng: Rng, facts: StoryFacts): Sink {
  const sink = new Sink('IdentityLogonEvents');
  const dc = facts.dc;
  if (!dc) return sink;
  const w = a.w;
  const dcName = dc.name;
  const base = (t: number, ok: boolean, acct: { name: string; upn: string | null; sid: string | null; objectId: string | null }, src: Device, protocol: string, type: string, failure: string | null): void => {
    sink.add(t, null, {
      ActionType: ok ? 'LogonSuccess' : 'LogonFailed', Application: 'Active Directory', LogonType: type, Protocol: protocol, FailureReason: failure,
      AccountName: acct.name, AccountDomain: 'contoso.com', AccountUpn: acct.upn, AccountSid: acct.sid, AccountObjectId: acct.objectId,
      AccountDisplayName: acct.upn ? acct.upn.split('@')[0]!.replace('.', ' ').replace(/\b\w/g, (c) => c.toUpperCase()) : acct.name,
      DeviceName: src.name, DeviceType: isServer(src) ? 'Server' : 'Workstation', OSPlatform: src.os.platform, IPAddress: src.localIp, Port: rng.int(49152, 65535),
      DestinationDeviceName: dcName, DestinationIPAddress: dc.localIp, DestinationPort: protocol === 'Kerberos' ? 88 : 445, TargetDeviceName: null,
      TargetAccountDisplayName: null, Location: null, Isp: null, ReportId: `${rng.int(1e9, 9e9)}${rng.int(1e6, 9e6)}`,
      AdditionalFields: { Count: '1', 'Source Account Name': acct.name, 'Destination Host': dcName.split('.')[0]!.toUpperCase() },
    });
  };
  // The brute force reaches the DC as NTLM validations from the RD gateway (pass-through authentication).
  if (facts.rdgw) {
    for (const b of facts.bruteForce) {
      const ok = b.ok;
      const acct = b.account === 'svc_backup' && facts.compromised ? facts.compromised : { name: b.account, upn: null, sid: null, objectId: null };
      base(b.t + rng.int(5, 80) * 10_000, ok, acct, facts.rdgw, 'Ntlm', 'Credentials validation', ok ? null : b.account === 'svc_backup' ? 'WrongPassword' : 'NoSuchUser');
    }
  }
  // Users' morning Kerberos logons and service tickets during the day.
  const ws = w.fleet.devices.filter((d) => d.kind === 'workstation' && d.user);
  for (const dev of ws) {
    const user = { name: dev.user!.name, upn: dev.user!.upn, sid: dev.user!.sid, objectId: dev.user!.objectId };
    for (let k = rng.int(2, 6); k > 0; k--) base(timeIn(a, dev, true), true, user, dev, 'Kerberos', k === 1 ? 'Credentials validation' : 'Resource access', null);
    if (rng.chance(0.05)) base(timeIn(a, dev, true), false, user, dev, 'Kerberos', 'Credentials validation', 'WrongPassword');
  }
  return sink;
}

function emails(a: Activity, rng: Rng, facts: StoryFacts): Sink {
  const sink = new Sink('EmailEvents');
  const w = a.w;
  const ws = w.fleet.devices.filter((d) => d.kind === 'workstation' && d.user);
  if (!ws.length) return sink;
  const senders = [
    ['Fabrikam Sales', 'sales@fabrikam.com', '40.107.22.51'], ['Northwind Traders', 'orders@northwindtraders.com', '40.107.8.97'],
    ['LinkedIn', 'messages-noreply@linkedin.com', '108.174.0.216'], ['Microsoft 365', 'no-reply@microsoft.com', '40.107.94.40'],
    ['Tailspin Toys', 'newsletter@tailspintoys.com', '167.89.100.12'], ['Adventure Works', 'billing@adventure-works.com', '52.100.160.22'],
  ] as const;
  const subjects = ['Re: Quarterly review', 'Your order has shipped', 'Invitation: project sync', 'Updated contract', 'Weekly newsletter', 'Invoice for November', 'Action required: password expiry'];
  const mail = (t: number, to: { upn: string; objectId: string }, from: readonly [string, string, string], subject: string, o: Record<string, unknown> = {}): void => {
    const domain = from[1].split('@')[1]!;
    const id = (o.NetworkMessageId as string | undefined) ?? rng.guid();
    sink.add(t, null, {
      NetworkMessageId: id, InternetMessageId: `<${rng.hex(24).toUpperCase()}@${domain}>`, SenderMailFromAddress: from[1], SenderFromAddress: from[1],
      SenderDisplayName: from[0], SenderObjectId: null, SenderMailFromDomain: domain, SenderFromDomain: domain, SenderIPv4: from[2], SenderIPv6: null,
      RecipientEmailAddress: to.upn, RecipientObjectId: to.objectId, Subject: subject, EmailClusterId: rng.int(1e9, 9e9), EmailDirection: 'Inbound',
      DeliveryAction: 'Delivered', DeliveryLocation: 'Inbox/folder', ThreatTypes: null, ThreatNames: null, DetectionMethods: null,
      ConfidenceLevel: null, BulkComplaintLevel: rng.int(0, 3), EmailAction: null, EmailActionPolicy: null, EmailActionPolicyGuid: null,
      AuthenticationDetails: JSON.stringify({ SPF: 'pass', DKIM: 'pass', DMARC: 'pass', CompAuth: 'pass' }), AttachmentCount: 0, UrlCount: rng.int(0, 4),
      EmailLanguage: 'en', Connectors: null, OrgLevelAction: null, OrgLevelPolicy: null, UserLevelAction: null, UserLevelPolicy: null,
      ReportId: `${id}-${rng.int(1e15, 9e15)}-1`, AdditionalFields: null, LatestDeliveryLocation: 'Inbox/folder', LatestDeliveryAction: 'Delivered', ...o,
    });
  };
  for (let i = 0; i < 240; i++) {
    const dev = rng.pick(ws);
    mail(timeIn(a, dev, true), { upn: dev.user!.upn, objectId: dev.user!.objectId }, rng.pick(senders), rng.pick(subjects), rng.chance(0.15) ? { AttachmentCount: 1 } : {});
  }
  // A few junked spam messages.
  for (let i = 0; i < 12; i++) {
    const dev = rng.pick(ws);
    mail(timeIn(a, dev, false), { upn: dev.user!.upn, objectId: dev.user!.objectId }, ['Crypto Wins', 'promo@crypto-wins.biz', '185.234.219.10'], 'You have won 0.5 BTC', {
      DeliveryAction: 'Junked', DeliveryLocation: 'Junk folder', ThreatTypes: 'Spam', DetectionMethods: JSON.stringify({ Spam: ['Mixed analysis detection'] }),
      ConfidenceLevel: JSON.stringify({ Spam: 'High' }), BulkComplaintLevel: 7, LatestDeliveryLocation: 'Junk folder', LatestDeliveryAction: 'Junked',
      AuthenticationDetails: JSON.stringify({ SPF: 'fail', DKIM: 'none', DMARC: 'fail', CompAuth: 'fail' }),
    });
  }
  const p = facts.phish;
  if (p) {
    const from = ['Fabrikam Billing', `accounts@${PHISH_DOMAIN}`, '193.29.13.44'] as const;
    const subject = 'Overdue invoice 44871 - action required';
    const phish = { AttachmentCount: 1, UrlCount: 1, AuthenticationDetails: JSON.stringify({ SPF: 'pass', DKIM: 'none', DMARC: 'none', CompAuth: 'softpass' }) };
    mail(p.t, { upn: p.acct.upn!, objectId: p.acct.objectId! }, from, subject, { ...phish, NetworkMessageId: p.messageId, LatestDeliveryLocation: 'Quarantine', LatestDeliveryAction: 'Quarantined' });
    p.others.forEach((o, i) => {
      const blocked = i % 2 === 0;
      mail(p.t + (i + 1) * 40 * SEC_TICKS, { upn: o.upn!, objectId: o.objectId! }, from, subject, {
        ...phish, DeliveryAction: blocked ? 'Blocked' : 'Delivered', DeliveryLocation: blocked ? 'Quarantine' : 'Inbox/folder',
        ThreatTypes: blocked ? 'Malware' : null, ThreatNames: blocked ? 'Trojan_DOCM_Qakbot' : null, DetectionMethods: blocked ? JSON.stringify({ Malware: ['File detonation'] }) : null,
        LatestDeliveryLocation: 'Quarantine', LatestDeliveryAction: blocked ? 'Blocked' : 'Quarantined',
      });
    });
  }
  return sink;
}

/** Firewall blocks of the planted scanners' probes, on the internet-facing servers whose firewall is on. */
function firewallBlocks(a: Activity, facts: StoryFacts): void {
  const { w, rng } = a;
  // The internal vulnerability scanner (10.1.5.20, planted in the network events 22 h ago) also sweeps
  // workstations, whose firewalls drop it: one block per port and device.
  const sweep = w.fleet.devices.filter((d) => d.kind === 'workstation' && d.os.family.startsWith('win')).slice(0, 24);
  sweep.forEach((dev, i) => {
    for (const port of [445, 135, 139, 3389, 5985]) {
      const t = DAY_TICKS - 22 * HOUR_TICKS + i * rng.int(2, 9) * SEC_TICKS + port * 10_000;
      w.devEvent(t, dev, 'FirewallInboundConnectionBlocked', { RemoteIP: '10.1.5.20', RemotePort: rng.int(32768, 65535), LocalIP: dev.localIp, LocalPort: port, AdditionalFields: JSON.stringify({ Protocol: 'Tcp', Direction: 'Inbound', Profile: 'Domain' }) }, null);
    }
  });
  const f = w.fleet.facing;
  const scans: [string, number, number[]][] = [[BRUTE_FORCE_IP, 3389, [11 * 60 + 4, 2 * 60 + 41]], ['141.98.10.63', 445, [5 * 60 + 7]]];
  for (const [ip, port, starts] of scans) {
    for (const m of starts) {
      f.forEach((dev, i) => {
        const t = DAY_TICKS - m * MIN_TICKS - i * rng.int(150, 400) * 10_000;
        if (dev === facts.rdgw && t > facts.firewallOffAt) return; // the intruder turned its firewall off (scid-2070)
        w.devEvent(t, dev, 'FirewallInboundConnectionBlocked', { RemoteIP: ip, RemotePort: rng.int(32768, 65535), LocalIP: dev.localIp, LocalPort: port, AdditionalFields: JSON.stringify({ Protocol: 'Tcp', Direction: 'Inbound', Profile: 'Public' }) }, null);
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// More vulnerability-management rows: the antivirus / EDR / ASR / exploit-protection configuration of every
// Windows device, vulnerabilities of the workstation OS and Linux curl, browser extensions. generate.ts appends
// these to its own TVM tables (its firewall and server-CVE rows stay as they are).

const CONFIGS: readonly { id: string; name: string; sub: string; impact: number; failRate: number; context?: (d: Device, ok: boolean) => unknown[] }[] = [
  { id: 'scid-91', name: 'Turn on behavior monitoring', sub: 'Antivirus', impact: 7, failRate: 0.02 },
  { id: 'scid-2000', name: 'Turn on sensor', sub: 'EDR', impact: 10, failRate: 0.0 },
  { id: 'scid-2001', name: 'Fix sensor data collection', sub: 'EDR', impact: 9, failRate: 0.02 },
  { id: 'scid-2002', name: 'Fix impaired communications', sub: 'EDR', impact: 9, failRate: 0.03 },
  { id: 'scid-2003', name: 'Turn on Tamper Protection', sub: 'EDR', impact: 8, failRate: 0.08 },
  { id: 'scid-2010', name: 'Turn on Microsoft Defender Antivirus', sub: 'Antivirus', impact: 10, failRate: 0.01, context: () => [['1.421.1672.0', '1.1.24090.11', '4.18.24090.11', 'Active']] },
  { id: 'scid-2011', name: 'Update Microsoft Defender Antivirus definitions', sub: 'Antivirus', impact: 10, failRate: 0.06, context: (_d, ok) => [[ok ? '1.421.1672.0' : '1.417.88.0', ok ? '2026-11-26T21:04:00Z' : '2026-10-14T06:12:00Z', ok ? '0' : '44']] },
  { id: 'scid-2012', name: 'Turn on real-time protection', sub: 'Antivirus', impact: 10, failRate: 0.02 },
  { id: 'scid-2013', name: 'Turn on PUA protection in block mode', sub: 'Antivirus', impact: 5, failRate: 0.3 },
  { id: 'scid-2014', name: 'Fix Microsoft Defender Antivirus cloud service reporting', sub: 'Antivirus', impact: 6, failRate: 0.03 },
  { id: 'scid-2016', name: 'Turn on cloud-delivered protection', sub: 'Antivirus', impact: 9, failRate: 0.04 },
  { id: 'scid-96', name: 'Enable Network Protection', sub: 'Network', impact: 9, failRate: 0.25 },
  { id: 'scid-2020', name: 'Turn on System-level Exploit Protection settings', sub: 'Exploit Guard', impact: 6, failRate: 0.1 },
  { id: 'scid-2021', name: 'Set controlled folder access to enabled or audit mode', sub: 'Exploit Guard', impact: 6, failRate: 0.5 },
  { id: 'scid-2051', name: 'Turn on Microsoft Defender Application Guard managed mode', sub: 'Application Guard', impact: 4, failRate: 0.9 },
  { id: 'scid-2060', name: 'Set Microsoft Defender SmartScreen to block or warn on potentially unwanted apps', sub: 'SmartScreen', impact: 5, failRate: 0.2 },
  { id: 'scid-2061', name: 'Set Microsoft Defender SmartScreen Microsoft Edge site and download checking to block or warn', sub: 'SmartScreen', impact: 5, failRate: 0.15 },
  { id: 'scid-2080', name: 'Turn on Credential Guard', sub: 'Credential Guard', impact: 8, failRate: 0.6 },
  { id: 'scid-2500', name: 'Block Office applications from creating child processes', sub: 'Attack Surface Reduction', impact: 7, failRate: 0.35 },
  { id: 'scid-2503', name: 'Block executable content from email client and webmail', sub: 'Attack Surface Reduction', impact: 7, failRate: 0.3 },
  { id: 'scid-2511', name: 'Block credential stealing from the Windows local security authority subsystem', sub: 'Attack Surface Reduction', impact: 8, failRate: 0.4 },
  { id: 'scid-2514', name: 'Block process creations originating from PSExec and WMI commands', sub: 'Attack Surface Reduction', impact: 6, failRate: 0.7 },
  { id: 'scid-2541', name: 'Block persistence through WMI event subscription', sub: 'Attack Surface Reduction', impact: 6, failRate: 0.3 },
];

const EXTRA_CVES: readonly { cve: string; severity: string; cvss: string; exploit: boolean; published: string; description: string; software: string }[] = [
  { cve: 'CVE-2025-21298', severity: 'Critical', cvss: '9.8', exploit: false, published: '2025-01-14', description: 'Windows OLE remote code execution vulnerability (crafted RTF e-mail).', software: 'windows' },
  { cve: 'CVE-2024-49138', severity: 'High', cvss: '7.8', exploit: true, published: '2024-12-10', description: 'Windows Common Log File System driver elevation of privilege vulnerability.', software: 'windows' },
  { cve: 'CVE-2023-38545', severity: 'Critical', cvss: '9.8', exploit: true, published: '2023-10-18', description: 'curl SOCKS5 heap buffer overflow.', software: 'curl' },
  { cve: 'CVE-2023-38546', severity: 'Low', cvss: '3.7', exploit: false, published: '2023-10-18', description: 'libcurl cookie injection with none file.', software: 'curl' },
];

function tvmExtras(w: World, rng: Rng): Record<string, Row[]> {
  const assess: Row[] = [];
  const wins = w.fleet.devices.filter((d) => d.kind !== 'discovered' && d.os.family.startsWith('win'));
  const at = w.clock.format(DAY_TICKS - 5 * HOUR_TICKS - rng.int(0, 50) * MIN_TICKS);
  for (const d of wins) {
    for (const c of CONFIGS) {
      const ok = !rng.chance(c.failRate);
      assess.push({
        DeviceId: d.id, DeviceName: d.name, OSPlatform: d.os.platform, Timestamp: at, TimeGenerated: at, ConfigurationId: c.id,
        ConfigurationCategory: 'Security controls', ConfigurationSubcategory: c.sub, ConfigurationImpact: c.impact, IsCompliant: ok,
        IsApplicable: !(c.id === 'scid-2051' && d.os.family === 'win-server'), Context: c.context ? c.context(d, ok) : [], IsExpectedUserImpact: c.sub === 'Attack Surface Reduction',
      });
    }
  }
  const kb: Row[] = CONFIGS.map((c) => ({
    ConfigurationId: c.id, ConfigurationImpact: c.impact, ConfigurationName: c.name, ConfigurationDescription: `${c.name}.`,
    RiskDescription: 'Devices without this setting are easier to compromise.', ConfigurationCategory: 'Security controls',
    ConfigurationSubcategory: c.sub, ConfigurationBenchmarks: [], Tags: [c.sub], RemediationOptions: `${c.name} through Intune or Group Policy.`,
  }));
  const vulns: Row[] = [];
  for (const d of w.fleet.devices) {
    if (d.kind === 'discovered') continue;
    const win = d.os.family === 'win-client';
    const lin = d.os.family === 'linux';
    if (!win && !lin) continue;
    for (const c of EXTRA_CVES) {
      if ((c.software === 'windows') !== win) continue;
      if (c.cve === 'CVE-2024-49138' && !rng.chance(0.4)) continue;
      const product = win ? (d.os.platform === 'Windows10' ? 'windows_10' : 'windows_11') : 'curl';
      vulns.push({
        DeviceId: d.id, DeviceName: d.name, OSPlatform: d.os.platform, OSVersion: d.os.version, OSArchitecture: '64-bit',
        SoftwareVendor: win ? 'microsoft' : 'haxx', SoftwareName: product, SoftwareVersion: win ? `10.0.${d.os.build}.${d.os.clientVersion.split('.').at(-1)}` : '7.81.0',
        CveId: c.cve, VulnerabilitySeverityLevel: c.severity, RecommendedSecurityUpdate: win ? 'December 2026 Security Updates' : 'Update curl to 8.4.0 or later',
        RecommendedSecurityUpdateId: win ? `KB50${rng.int(48000, 48999)}` : '', CveTags: [],
      });
    }
  }
  const vkb: Row[] = EXTRA_CVES.map((c) => ({
    CveId: c.cve, CvssScore: c.cvss, IsExploitAvailable: c.exploit, VulnerabilitySeverityLevel: c.severity,
    LastModifiedTime: '2025-08-19T10:41:22.0000000Z', PublishedDate: `${c.published}T00:00:00.0000000Z`, VulnerabilityDescription: c.description,
    AffectedSoftware: [c.software === 'windows' ? 'windows_10' : 'curl'],
  }));
  const ext: Row[] = [];
  const ws = w.fleet.devices.filter((d) => d.kind === 'workstation');
  ws.forEach((d, i) => {
    for (const e of EXTENSIONS) {
      const bad = e.risk === 'Critical';
      if (bad ? i % 37 !== 3 : !rng.chance(0.45)) continue;
      ext.push({
        DeviceId: d.id, BrowserName: rng.chance(0.7) ? 'Chrome' : 'Edge', ExtensionId: e.id, ExtensionName: e.name, ExtensionDescription: e.description,
        ExtensionVersion: e.version, ExtensionRisk: e.risk, ExtensionVendor: e.vendor, IsActivated: rng.chance(0.9) ? 'true' : 'false',
        InstallationTime: isoDay(w, rng.int(2, 400)),
      });
    }
  });
  const extKb: Row[] = [];
  for (const e of EXTENSIONS) {
    for (const [perm, risk] of e.permissions) {
      for (const browser of ['Chrome', 'Edge']) {
        extKb.push({
          BrowserName: browser, ExtensionId: e.id, ExtensionName: e.name, ExtensionDescription: e.description, ExtensionVersion: [e.version],
          ExtensionRisk: e.risk, PermissionId: perm, PermissionName: perm, PermissionDescription: `Permission to use ${perm}`, PermissionRisk: risk,
          IsPermissionRequired: 'true',
        });
      }
    }
  }
  return {
    DeviceTvmSecureConfigurationAssessment: assess, DeviceTvmSecureConfigurationAssessmentKB: kb, DeviceTvmSoftwareVulnerabilities: vulns,
    DeviceTvmSoftwareVulnerabilitiesKB: vkb, DeviceTvmBrowserExtensions: ext, DeviceTvmBrowserExtensionsKB: extKb,
  };
}

function isoDay(w: World, daysAgo: number): string {
  return new Date(w.clock.nowMs - daysAgo * 86_400_000).toISOString().slice(0, 10) + 'T09:00:00.0000000Z';
}

// ---------------------------------------------------------------------------------------------------------------

/** Every endpoint table of the demo, `scale` times the default sizes (0 = none). */
export function endpointTables(input: EndpointInput, scale: number): Record<string, Row[]> {
  if (!(scale > 0)) return {};
  const w = new World(input);
  const a = makeActivity(w);
  const devs = bootAll(a);
  const facts = plantStories(a);
  firewallBlocks(a, facts);
  const n = (x: number): number => Math.max(1, Math.round(x * scale));
  background(a, devs, {
    process: n(ENDPOINT_DEFAULTS.process), file: n(ENDPOINT_DEFAULTS.file), logon: n(ENDPOINT_DEFAULTS.logon),
    registry: n(ENDPOINT_DEFAULTS.registry), image: n(ENDPOINT_DEFAULTS.image), events: n(ENDPOINT_DEFAULTS.events),
  });
  const rng = input.rng.fork('tables');
  const dnsServers = (w.fleet.byRole.get('dc') ?? []).map((d) => d.localIp);
  const reportBase = (d: Device): number => 1000 + ((d.index * 7919) % 50_000);
  const sinks: Sink[] = [
    w.proc, w.file, w.logon, w.reg, w.image, w.events, certificates(w, rng.fork('cert')), networkInfo(w, rng.fork('netinfo'), dnsServers),
    inventory(w, rng.fork('inventory')),
  ];
  const al = alerts(w, rng.fork('alerts'), facts);
  sinks.push(al.info, al.evidence, identityLogons(a, rng.fork('identity'), facts), emails(a, rng.fork('email'), facts));
  const out: Record<string, Row[]> = {};
  for (const s of sinks) out[s.table] = s.finish(w.clock, reportBase);
  Object.assign(out, tvmExtras(w, rng.fork('tvm')));
  return out;
}

export type { Acct };
