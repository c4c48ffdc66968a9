/**
 * Static catalogues behind the demo data set: operating systems, processes, public services, CVEs and the
 * planted actors. Kept apart from generate.ts so the generator reads as the story of one day of telemetry.
 *
 * Everything here is synthetic. Addresses of public services and scanners are real public blocks so that a
 * geolocation database gives varied countries; hashes are random; the company is Contoso with documentation
 * address space (198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) as its public addresses.
 */
export const OS = {
    ws2022: { family: 'win-server', platform: 'WindowsServer2022', build: 20348, version: '10.0', versionInfo: '21H2', distribution: null, clientVersion: '10.8760.20348.2849' },
    ws2019: { family: 'win-server', platform: 'WindowsServer2019', build: 17763, version: '10.0', versionInfo: '1809', distribution: null, clientVersion: '10.8760.17763.6532' },
    ws2025: { family: 'win-server', platform: 'WindowsServer2025', build: 26100, version: '10.0', versionInfo: '24H2', distribution: null, clientVersion: '10.8760.26100.2454' },
    win11: { family: 'win-client', platform: 'Windows11', build: 22631, version: '10.0', versionInfo: '23H2', distribution: null, clientVersion: '10.8760.22631.4541' },
    win11b: { family: 'win-client', platform: 'Windows11', build: 26100, version: '10.0', versionInfo: '24H2', distribution: null, clientVersion: '10.8760.26100.2454' },
    win10: { family: 'win-client', platform: 'Windows10', build: 19045, version: '10.0', versionInfo: '22H2', distribution: null, clientVersion: '10.8760.19045.5131' },
    ubuntu: { family: 'linux', platform: 'Linux', build: null, version: '22.04', versionInfo: '22.04', distribution: 'Ubuntu', clientVersion: '101.24092.0004' },
    rhel: { family: 'linux', platform: 'Linux', build: null, version: '9.4', versionInfo: '9.4', distribution: 'RedHat', clientVersion: '101.24092.0004' },
    macos: { family: 'mac', platform: 'macOS', build: null, version: '14.7', versionInfo: 'Sonoma', distribution: null, clientVersion: '101.24092.0005' },
};
const MS = 'Microsoft Corporation';
const WINOS = 'Microsoft\u00ae Windows\u00ae Operating System';
export const PROCS = {
    mssense: { file: 'MsSense.exe', folder: 'c:\\program files\\windows defender advanced threat protection\\mssense.exe', company: MS, product: WINOS, version: '10.8760.20348.2849', internal: 'MsSense.exe', original: 'MsSense.exe', description: 'Windows Defender Advanced Threat Protection Service Executable', size: 472368, cmd: '"MsSense.exe"', parent: 'services.exe', account: 'system' },
    svchostDns: { file: 'svchost.exe', folder: 'c:\\windows\\system32\\svchost.exe', company: MS, product: WINOS, version: '10.0.20348.1', internal: 'svchost.exe', original: 'svchost.exe', description: 'Host Process for Windows Services', size: 57360, cmd: 'svchost.exe -k NetworkService -p -s Dnscache', parent: 'services.exe', account: 'network service' },
    svchostWu: { file: 'svchost.exe', folder: 'c:\\windows\\system32\\svchost.exe', company: MS, product: WINOS, version: '10.0.20348.1', internal: 'svchost.exe', original: 'svchost.exe', description: 'Host Process for Windows Services', size: 57360, cmd: 'svchost.exe -k netsvcs -p -s wuauserv', parent: 'services.exe', account: 'system' },
    svchostRdp: { file: 'svchost.exe', folder: 'c:\\windows\\system32\\svchost.exe', company: MS, product: WINOS, version: '10.0.20348.1', internal: 'svchost.exe', original: 'svchost.exe', description: 'Host Process for Windows Services', size: 57360, cmd: 'svchost.exe -k termsvcs -s TermService', parent: 'services.exe', account: 'network service' },
    system: { file: 'System', folder: '', company: null, product: null, version: null, internal: null, original: null, description: null, size: 0, cmd: '', parent: '', account: 'system' },
    lsass: { file: 'lsass.exe', folder: 'c:\\windows\\system32\\lsass.exe', company: MS, product: WINOS, version: '10.0.20348.2849', internal: 'lsass.exe', original: 'lsass.exe', description: 'Local Security Authority Process', size: 71936, cmd: 'C:\\Windows\\system32\\lsass.exe', parent: 'wininit.exe', account: 'system' },
    w3wp: { file: 'w3wp.exe', folder: 'c:\\windows\\system32\\inetsrv\\w3wp.exe', company: MS, product: 'Internet Information Services', version: '10.0.20348.1', internal: 'w3wp.exe', original: 'w3wp.exe', description: 'IIS Worker Process', size: 29696, cmd: 'c:\\windows\\system32\\inetsrv\\w3wp.exe -ap "DefaultAppPool" -v "v4.0" -l "webengine4.dll"', parent: 'svchost.exe', account: 'network service' },
    sshd: { file: 'sshd.exe', folder: 'c:\\windows\\system32\\openssh\\sshd.exe', company: null, product: 'OpenSSH for Windows', version: '9.5.0.0', internal: 'sshd.exe', original: 'sshd.exe', description: 'OpenSSH SSH daemon', size: 1034752, cmd: 'C:\\Windows\\System32\\OpenSSH\\sshd.exe', parent: 'services.exe', account: 'system' },
    smtp: { file: 'MSExchangeFrontendTransport.exe', folder: 'c:\\program files\\microsoft\\exchange server\\v15\\bin\\msexchangefrontendtransport.exe', company: MS, product: 'Microsoft\u00ae Exchange', version: '15.02.1544.004', internal: 'MSExchangeFrontendTransport.exe', original: 'MSExchangeFrontendTransport.exe', description: 'Microsoft Exchange Frontend Transport', size: 28560, cmd: '"C:\\Program Files\\Microsoft\\Exchange Server\\V15\\Bin\\MSExchangeFrontendTransport.exe"', parent: 'services.exe', account: 'network service' },
    sqlservr: { file: 'sqlservr.exe', folder: 'c:\\program files\\microsoft sql server\\mssql16.mssqlserver\\mssql\\binn\\sqlservr.exe', company: MS, product: 'Microsoft SQL Server', version: '2022.0160.4135.04', internal: 'SQLSERVR', original: 'SQLSERVR.EXE', description: 'SQL Server Windows NT - 64 Bit', size: 483392, cmd: '"C:\\Program Files\\Microsoft SQL Server\\MSSQL16.MSSQLSERVER\\MSSQL\\Binn\\sqlservr.exe" -sMSSQLSERVER', parent: 'services.exe', account: 'network service' },
    msedge: { file: 'msedge.exe', folder: 'c:\\program files (x86)\\microsoft\\edge\\application\\msedge.exe', company: MS, product: 'Microsoft Edge', version: '131.0.2903.70', internal: 'msedge_exe', original: 'msedge.exe', description: 'Microsoft Edge', size: 4181576, cmd: '"msedge.exe" --type=utility --utility-sub-type=network.mojom.NetworkService --lang=en-US --service-sandbox-type=none', parent: 'msedge.exe', account: 'user' },
    chrome: { file: 'chrome.exe', folder: 'c:\\program files\\google\\chrome\\application\\chrome.exe', company: 'Google LLC', product: 'Google Chrome', version: '131.0.6778.86', internal: 'chrome_exe', original: 'chrome.exe', description: 'Google Chrome', size: 3147288, cmd: '"chrome.exe" --type=utility --utility-sub-type=network.mojom.NetworkService --lang=en-GB --service-sandbox-type=none', parent: 'chrome.exe', account: 'user' },
    teams: { file: 'ms-teams.exe', folder: 'c:\\program files\\windowsapps\\msteams_24295.606.3238.6194_x64__8wekyb3d8bbwe\\ms-teams.exe', company: MS, product: 'Microsoft Teams', version: '24295.606.3238.6194', internal: 'ms-teams.exe', original: 'ms-teams.exe', description: 'Microsoft Teams', size: 1256480, cmd: '"ms-teams.exe"', parent: 'explorer.exe', account: 'user' },
    outlook: { file: 'OUTLOOK.EXE', folder: 'c:\\program files\\microsoft office\\root\\office16\\outlook.exe', company: MS, product: 'Microsoft Outlook', version: '16.0.18129.20158', internal: 'Outlook', original: 'Outlook.exe', description: 'Microsoft Outlook', size: 44197256, cmd: '"C:\\Program Files\\Microsoft Office\\Root\\Office16\\OUTLOOK.EXE" ', parent: 'explorer.exe', account: 'user' },
    onedrive: { file: 'OneDrive.exe', folder: 'c:\\users\\{user}\\appdata\\local\\microsoft\\onedrive\\onedrive.exe', company: MS, product: 'Microsoft OneDrive', version: '24.221.1028.0002', internal: 'OneDrive.exe', original: 'OneDrive.exe', description: 'Microsoft OneDrive', size: 3611976, cmd: '"C:\\Users\\{user}\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe" /background', parent: 'explorer.exe', account: 'user' },
    ssms: { file: 'Ssms.exe', folder: 'c:\\program files (x86)\\microsoft sql server management studio 20\\common7\\ide\\ssms.exe', company: MS, product: 'Microsoft SQL Server Management Studio', version: '20.2.30.0', internal: 'Ssms.exe', original: 'Ssms.exe', description: 'SSMS 20', size: 1030728, cmd: '"C:\\Program Files (x86)\\Microsoft SQL Server Management Studio 20\\Common7\\IDE\\Ssms.exe"', parent: 'explorer.exe', account: 'user' },
    // Linux and macOS sensors report the same columns with Linux paths and no version info.
    wdavdaemon: { file: 'wdavdaemon', folder: '/opt/microsoft/mdatp/sbin/wdavdaemon', company: null, product: null, version: null, internal: null, original: null, description: null, size: 31588392, cmd: '/opt/microsoft/mdatp/sbin/wdavdaemon', parent: 'systemd', account: 'root' },
    resolved: { file: 'systemd-resolved', folder: '/usr/lib/systemd/systemd-resolved', company: null, product: null, version: null, internal: null, original: null, description: null, size: 612488, cmd: '/lib/systemd/systemd-resolved', parent: 'systemd', account: 'root' },
    aptHttp: { file: 'http', folder: '/usr/lib/apt/methods/http', company: null, product: null, version: null, internal: null, original: null, description: null, size: 84720, cmd: '/usr/lib/apt/methods/http', parent: 'apt-get', account: 'root' },
    curl: { file: 'curl', folder: '/usr/bin/curl', company: null, product: null, version: null, internal: null, original: null, description: null, size: 260328, cmd: 'curl -fsS https://api.github.com/repos/contoso/deploy/releases/latest', parent: 'bash', account: 'root' },
    python3: { file: 'python3.10', folder: '/usr/bin/python3.10', company: null, product: null, version: null, internal: null, original: null, description: null, size: 5912936, cmd: 'python3 /opt/contoso/agent/sync.py', parent: 'systemd', account: 'root' },
    sshdLinux: { file: 'sshd', folder: '/usr/sbin/sshd', company: null, product: null, version: null, internal: null, original: null, description: null, size: 921416, cmd: 'sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups', parent: 'systemd', account: 'root' },
    sshLinux: { file: 'ssh', folder: '/usr/bin/ssh', company: null, product: null, version: null, internal: null, original: null, description: null, size: 846768, cmd: 'ssh -o BatchMode=yes deploy@k8s-node', parent: 'bash', account: 'root' },
    kubelet: { file: 'kubelet', folder: '/usr/bin/kubelet', company: null, product: null, version: null, internal: null, original: null, description: null, size: 78127304, cmd: '/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml', parent: 'systemd', account: 'root' },
    macWdav: { file: 'wdavdaemon_enterprise', folder: '/Library/Application Support/Microsoft/Defender/wdavdaemon_enterprise.app/Contents/MacOS/wdavdaemon_enterprise', company: null, product: null, version: null, internal: null, original: null, description: null, size: 9812416, cmd: 'wdavdaemon_enterprise edr 12 1 3 1 2 13', parent: 'launchd', account: 'root' },
    macChrome: { file: 'Google Chrome Helper', folder: '/Applications/Google Chrome.app/Contents/Frameworks/Google Chrome Framework.framework/Versions/131.0.6778.86/Helpers/Google Chrome Helper.app/Contents/MacOS/Google Chrome Helper', company: null, product: null, version: null, internal: null, original: null, description: null, size: 276784, cmd: 'Google Chrome Helper --type=utility --utility-sub-type=network.mojom.NetworkService', parent: 'Google Chrome', account: 'user' },
    macTeams: { file: 'MSTeams', folder: '/Applications/Microsoft Teams.app/Contents/MacOS/MSTeams', company: null, product: null, version: null, internal: null, original: null, description: null, size: 1693440, cmd: '/Applications/Microsoft Teams.app/Contents/MacOS/MSTeams', parent: 'launchd', account: 'user' },
    mdns: { file: 'mDNSResponder', folder: '/usr/sbin/mDNSResponder', company: null, product: null, version: null, internal: null, original: null, description: null, size: 2237328, cmd: '/usr/sbin/mDNSResponder', parent: 'launchd', account: 'root' },
};
export const CLASS_PROCS = {
    browser: { 'win-client': ['msedge', 'msedge', 'chrome'], 'win-server': ['msedge'], linux: ['curl'], mac: ['macChrome'] },
    office: { 'win-client': ['teams', 'outlook', 'onedrive'], 'win-server': ['svchostDns'], linux: ['python3'], mac: ['macTeams'] },
    update: { 'win-client': ['svchostWu'], 'win-server': ['svchostWu'], linux: ['aptHttp'], mac: ['macWdav'] },
    dns: { 'win-client': ['svchostDns'], 'win-server': ['svchostDns'], linux: ['resolved'], mac: ['mdns'] },
    mde: { 'win-client': ['mssense'], 'win-server': ['mssense'], linux: ['wdavdaemon'], mac: ['macWdav'] },
    dev: { 'win-client': ['chrome', 'msedge'], 'win-server': ['w3wp'], linux: ['curl', 'python3'], mac: ['macChrome'] },
};
/** Public services the fleet talks to. Addresses are in the operators' real blocks (for realistic geolocation). */
export const PUBLIC_SERVICES = [
    { ips: ['20.190.159.2', '20.190.159.64', '40.126.31.67'], url: 'login.microsoftonline.com', port: 443, protocol: 'Tcp', cls: 'office', weight: 14 },
    { ips: ['52.97.183.162', '40.99.150.82'], url: 'outlook.office365.com', port: 443, protocol: 'Tcp', cls: 'office', weight: 12 },
    { ips: ['52.113.194.132', '52.114.132.91'], url: 'teams.microsoft.com', port: 443, protocol: 'Tcp', cls: 'office', weight: 10 },
    { ips: ['20.50.80.210', '20.50.201.195'], url: 'winatp-gw-weu.microsoft.com', port: 443, protocol: 'Tcp', cls: 'mde', weight: 9 },
    { ips: ['142.250.72.110', '142.251.36.4'], url: 'www.google.com', port: 443, protocol: 'Tcp', cls: 'browser', weight: 10 },
    { ips: ['13.107.21.200', '204.79.197.200'], url: 'www.bing.com', port: 443, protocol: 'Tcp', cls: 'browser', weight: 5 },
    { ips: ['151.101.1.140', '151.101.65.140'], url: 'www.reddit.com', port: 443, protocol: 'Tcp', cls: 'browser', weight: 3 },
    { ips: ['104.16.132.229', '104.16.133.229'], url: 'www.cloudflare.com', port: 443, protocol: 'Tcp', cls: 'browser', weight: 3 },
    { ips: ['140.82.121.4', '140.82.121.6'], url: 'github.com', port: 443, protocol: 'Tcp', cls: 'dev', weight: 4 },
    { ips: ['13.107.4.50', '13.107.4.52'], url: 'ctldl.windowsupdate.com', port: 80, protocol: 'Tcp', cls: 'update', weight: 4 },
    { ips: ['192.229.211.108'], url: 'ocsp.digicert.com', port: 80, protocol: 'Tcp', cls: 'browser', weight: 3 },
    { ips: ['91.189.91.81', '185.125.190.36'], url: 'archive.ubuntu.com', port: 80, protocol: 'Tcp', cls: 'update', weight: 1 },
    { ips: ['8.8.8.8', '8.8.4.4'], url: '', port: 53, protocol: 'Udp', cls: 'dns', weight: 6 },
    { ips: ['1.1.1.1', '1.0.0.1'], url: '', port: 53, protocol: 'Udp', cls: 'dns', weight: 4 },
];
export const INTERNAL_SERVICES = [
    { role: 'dc', port: 88, protocol: 'Tcp', clientProc: { 'win-client': 'lsass', 'win-server': 'lsass' }, serverProc: 'lsass', weight: 10 },
    { role: 'dc', port: 389, protocol: 'Tcp', clientProc: { 'win-client': 'lsass', 'win-server': 'lsass' }, serverProc: 'lsass', weight: 8 },
    { role: 'dc', port: 445, protocol: 'Tcp', clientProc: { 'win-client': 'system', 'win-server': 'system' }, serverProc: 'system', weight: 5 },
    { role: 'file', port: 445, protocol: 'Tcp', clientProc: { 'win-client': 'system', 'win-server': 'system' }, serverProc: 'system', weight: 10 },
    { role: 'sql-prod', port: 1433, protocol: 'Tcp', clientProc: { 'win-client': 'ssms', 'win-server': 'w3wp' }, serverProc: 'sqlservr', weight: 6 },
    { role: 'sccm', port: 443, protocol: 'Tcp', clientProc: { 'win-client': 'svchostWu', 'win-server': 'svchostWu' }, serverProc: 'w3wp', weight: 4 },
    { role: 'app-int', port: 443, protocol: 'Tcp', clientProc: { 'win-client': 'msedge', mac: 'macChrome', linux: 'curl' }, serverProc: 'w3wp', weight: 5 },
    { role: 'k8s-node', port: 10250, protocol: 'Tcp', clientProc: { linux: 'kubelet' }, serverProc: 'kubelet', weight: 4 },
    { role: 'k8s-node', port: 22, protocol: 'Tcp', clientProc: { linux: 'sshLinux' }, serverProc: 'sshdLinux', weight: 2 },
];
/** Ports internet scanners favour (background radiation and scanner port lists). */
export const SCAN_PORTS_TOP = [
    23, 22, 80, 443, 3389, 445, 8080, 21, 25, 8443, 5900, 1433, 3306, 6379, 9200, 2375, 5432, 8888, 81, 8000, 135,
    139, 110, 143, 993, 995, 587, 465, 1723, 5060, 8081, 7547, 2323, 5555, 37215, 52869, 9000, 10000, 3128, 1080,
    11211, 27017, 5985, 5986, 502, 102, 161, 1900, 873, 2049, 111, 389, 636, 53, 123, 8009, 8181, 9090, 4443, 6443,
    2379, 9100, 631, 5000, 5001, 7001, 8001, 8090, 8200, 8500, 8880, 9443, 10443, 49152, 4786, 3000, 3001, 4848,
    5901, 6000, 6001, 7000, 7070, 7777, 8010, 8020, 8088, 8089, 8099, 8100, 8530, 8686, 8983, 9001, 9042, 9300,
    15672, 50000, 50070, 2222,
];
export const SCAN_PORT_WEIGHTS = SCAN_PORTS_TOP.map((_, i) => 1 / (1 + i * 0.15));
/** CVEs for the triage context. Facts are from the public CVE records; update ids are illustrative. */
export const CVES = [
    { cve: 'CVE-2024-38063', severity: 'Critical', cvss: '9.8', exploit: false, published: '2024-08-13', description: 'Windows TCP/IP remote code execution vulnerability (IPv6 packets).', vendor: 'microsoft', software: 'os', version: null, update: 'August 2024 Security Updates', updateId: 'KB5041160', tags: [], appliesTo: 'win-server' },
    { cve: 'CVE-2022-21907', severity: 'Critical', cvss: '9.8', exploit: true, published: '2022-01-11', description: 'HTTP Protocol Stack (http.sys) remote code execution vulnerability.', vendor: 'microsoft', software: 'os', version: null, update: 'January 2022 Security Updates', updateId: 'KB5009555', tags: [], appliesTo: 'win-server' },
    { cve: 'CVE-2024-38077', severity: 'Critical', cvss: '9.8', exploit: true, published: '2024-07-09', description: 'Windows Remote Desktop Licensing Service remote code execution vulnerability.', vendor: 'microsoft', software: 'os', version: null, update: 'July 2024 Security Updates', updateId: 'KB5040437', tags: [], appliesTo: 'win-server' },
    { cve: 'CVE-2023-44487', severity: 'High', cvss: '7.5', exploit: true, published: '2023-10-10', description: 'HTTP/2 rapid reset denial of service.', vendor: 'microsoft', software: 'os', version: null, update: 'October 2023 Security Updates', updateId: 'KB5031364', tags: [], appliesTo: 'win-server' },
    { cve: 'CVE-2024-6387', severity: 'High', cvss: '8.1', exploit: true, published: '2024-07-01', description: 'OpenSSH server signal handler race condition (regreSSHion) allowing remote code execution.', vendor: 'openbsd', software: 'openssh', version: '8.9p1', update: 'Update openssh to 9.8p1 or later', updateId: '', tags: [], appliesTo: 'linux' },
    { cve: 'CVE-2024-7971', severity: 'High', cvss: '8.8', exploit: true, published: '2024-08-21', description: 'Type confusion in V8 in Google Chrome allowing heap corruption via a crafted page.', vendor: 'google', software: 'chrome', version: '127.0.6533.99', update: 'Update Chrome to 128.0.6613.84 or later', updateId: '', tags: ['ZeroDay'], appliesTo: 'win-client' },
    { cve: 'CVE-2024-43451', severity: 'Medium', cvss: '6.5', exploit: true, published: '2024-11-12', description: 'NTLM hash disclosure spoofing vulnerability.', vendor: 'microsoft', software: 'os', version: null, update: 'November 2024 Security Updates', updateId: '', tags: [], appliesTo: 'win-server' },
];
/** Secure-configuration ids for the host firewall (names as used in public KQL; verify in the KB table). */
export const FIREWALL_SCIDS = [
    { id: 'scid-2070', name: 'Turn on Microsoft Defender Firewall', impact: 9, description: 'Turning on the firewall blocks unauthorized inbound traffic.' },
    { id: 'scid-2071', name: 'Secure Microsoft Defender Firewall domain profile', impact: 7, description: 'Secure the domain profile of the host firewall.' },
    { id: 'scid-2072', name: 'Secure Microsoft Defender firewall private profile', impact: 7, description: 'Secure the private profile of the host firewall.' },
    { id: 'scid-2073', name: 'Secure Microsoft Defender Firewall public profile', impact: 8, description: 'Secure the public profile of the host firewall.' },
];
/**
 * The planted actors. The seed query must return exactly the actors with inSeed = true (background
 * traffic never gets an address to 3 attempts). Countries were checked against the DB-IP City Lite
 * database that edgewatch ships.
 */
export const DEMO_ACTORS = [
    { ip: '218.92.0.107', role: 'vertical', country: 'CN', inSeed: true, attempts: 1000, note: 'masscan-style: 1,000 ports on one web server in about 90 s' },
    { ip: '91.240.118.172', role: 'vertical', country: 'RU', inSeed: true, note: 'top-100 ports on two servers, 3 h and 25 min ago' },
    { ip: '89.248.165.88', role: 'vertical', country: 'NL', inSeed: true, attempts: 300, note: 'nmap-style: 300 random ports on one server, 15 h ago' },
    { ip: '185.220.101.34', role: 'horizontal', country: 'DE', inSeed: true, note: '3389 on every internet-facing server, two passes' },
    { ip: '167.94.138.120', role: 'horizontal', country: 'US', inSeed: true, note: 'census-style: 22/80/443/8080/8443 on every internet-facing server; open ports complete the handshake' },
    { ip: '141.98.10.63', role: 'horizontal', country: 'LT', inSeed: true, note: '445 sweep over the internet-facing servers' },
    { ip: '177.54.144.22', role: 'slow', country: 'BR', inSeed: true, note: 'one probe every 3-9 minutes for 12 hours' },
    { ip: '14.225.205.50', role: 'slow', country: 'VN', inSeed: true, note: 'database ports, one probe about every 25 minutes all day' },
    { ip: '81.2.69.160', role: 'below-threshold', country: 'GB', inSeed: false, attempts: 2, note: 'real HTTPS client with 2 failed handshakes' },
    { ip: '1.128.0.10', role: 'at-threshold', country: 'AU', inSeed: true, attempts: 3, note: 'real HTTPS client with 3 failed handshakes (a seed false positive)' },
    { ip: '2001:470:1:332::28', role: 'ipv6-scanner', country: 'US', inSeed: false, note: '200 ports over IPv6; ipv4_is_private is null, so the seed drops it' },
    { ip: '10.1.5.20', role: 'private-source', country: '', inSeed: false, note: 'internal vulnerability scanner' },
    { ip: '192.168.1.77', role: 'private-source', country: '', inSeed: false, note: 'VPN user retrying RDP gateway' },
    { ip: '172.31.250.14', role: 'private-source', country: '', inSeed: false, note: 'last /16 of 172.16/12' },
    { ip: '122.176.43.2', role: 'non-facing-target', country: 'IN', inSeed: false, note: 'SSH brute force on a Linux bastion (Linux is never tagged internet-facing)' },
    { ip: '45.148.10.81', role: 'stale-device', country: 'AD', inSeed: false, note: 'scans a server decommissioned 3 h ago (tag older than the 1 h DeviceInfo window)' },
    { ip: '127.0.0.1', role: 'loopback', country: '', inSeed: true, attempts: 6, note: 'local health check hitting a closed port; the seed counts loopback as public' },
    { ip: '100.72.14.9', role: 'cgnat', country: '', inSeed: true, attempts: 5, note: 'admin over a CGNAT overlay (100.64/10); the seed counts it as public' },
    { ip: '172.32.1.9', role: 'public-boundary', country: 'US', inSeed: true, attempts: 4, note: 'just outside 172.16/12' },
];
