// A throwaway Dovecot IMAP server for the mail tests and benchmarks: its own
// configuration, state and mail under a temp folder, listening on 127.0.0.1
// and a free port, stopped (and its folder removed) by stop(). Debian's
// `dovecot-imapd` must be installed; nothing is skipped without it.
'use strict';
const { execFile, spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } = require('node:fs/promises');
const { connect } = require('node:net');
const { freePort } = require('./free-port');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { promisify } = require('node:util');

const DOVECOT = '/usr/sbin/dovecot';
const DOVEADM = '/usr/bin/doveadm';
// Dovecot refuses root as the mail user; nobody:nogroup owns the mail.
const MAIL_UID = 65534;
const MAIL_GID = 65534;


async function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`Dovecot did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * `oauth2`: users may also log in with XOAUTH2/OAUTHBEARER, each token checked
 * by Dovecot's oauth2 passdb against `introspectionUrl` (RFC 7662, POSTed),
 * which answers `{ active, username }`.
 * @param {{ users?: { user: string, password: string }[], oauth2?: { introspectionUrl: string } }} [options]
 */
async function startDovecot(options = {}) {
  if (!existsSync(DOVECOT)) {
    throw new Error('Dovecot is not installed (/usr/sbin/dovecot missing): apt-get install -y --no-install-recommends dovecot-imapd');
  }
  const users = options.users ?? [{ user: 'support', password: 'support-pass' }];
  const root = await mkdtemp(join(tmpdir(), 'pidtrymka-dovecot-'));
  await chmod(root, 0o755);
  const port = await freePort();
  const mailHome = join(root, 'mail');
  await mkdir(join(root, 'base'), { recursive: true });
  await mkdir(join(root, 'state'), { recursive: true });
  await mkdir(mailHome, { recursive: true });
  await chown(mailHome, MAIL_UID, MAIL_GID).catch(() => undefined);
  await writeFile(join(root, 'passwd'), users.map((u) => `${u.user}:{PLAIN}${u.password}::::::`).join('\n') + '\n');
  const config = join(root, 'dovecot.conf');
  const oauth2 = options.oauth2;
  if (oauth2) {
    await writeFile(
      join(root, 'oauth2.conf.ext'),
      `introspection_mode = post
introspection_url = ${oauth2.introspectionUrl}
username_attribute = username
active_attribute = active
active_value = true
`,
    );
  }
  await writeFile(
    config,
    `base_dir = ${root}/base
state_dir = ${root}/state
log_path = ${root}/dovecot.log
instance_name = pidtrymka-test-${port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login${oauth2 ? ' xoauth2 oauthbearer' : ''}
mail_location = maildir:~/Maildir
mail_fsync = never
${oauth2 ? `passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = ${root}/oauth2.conf.ext
}
` : ''}passdb {
  driver = passwd-file
${oauth2 ? '  mechanisms = plain login\n' : ''}  args = scheme=PLAIN username_format=%u ${root}/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u ${root}/passwd
  default_fields = uid=${MAIL_UID} gid=${MAIL_GID} home=${mailHome}/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service stats {
  inet_listener http {
    port = 0
  }
}
`,
  );
  // The master daemonises: its first process exits once it runs. stdio is ignored, or the daemon would hold our pipes open.
  const code = await new Promise((resolve, reject) => {
    const child = spawn(DOVECOT, ['-c', config], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) {
    const log = await readFile(join(root, 'dovecot.log'), 'utf8').catch(() => '');
    // An imap process can still be writing in a Maildir when the master is gone: rm retries on ENOTEMPTY.
    await rm(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    throw new Error(`Dovecot did not start (exit ${code}): ${log.slice(-2000)}`);
  }
  try {
    await waitForPort(port, 10_000);
  } catch (error) {
    await stop();
    throw error;
  }

  async function stop() {
    await promisify(execFile)(DOVEADM, ['-c', config, 'stop'], { timeout: 10_000 }).catch(() => undefined);
    // doveadm stop returns before every child has exited; wait for the master's pid file to go.
    for (let i = 0; i < 100 && existsSync(join(root, 'base', 'master.pid')); i++) await new Promise((r) => setTimeout(r, 50));
    // An imap process can still be writing in a Maildir when the master is gone: rm retries on ENOTEMPTY.
    await rm(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }

  /** Runs a doveadm command against this server, e.g. `kick support`. */
  async function doveadm(...args) {
    const { stdout } = await promisify(execFile)(DOVEADM, ['-c', config, ...args], { timeout: 10_000 });
    return stdout;
  }

  return { host: '127.0.0.1', port, users, root, stop, doveadm };
}

module.exports = { startDovecot };
