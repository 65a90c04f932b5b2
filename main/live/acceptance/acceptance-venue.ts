import type { FixMessage } from '../fix/fix-codec.js';
import { FixAcceptor } from '../fix/fix-acceptor.js';
import type { FixDictionary } from '../fix/fix-dictionary.js';
import type { FixSession, SessionClock, SessionConfig } from '../fix/fix-session.js';
import { canonicalContent } from '../fix/fix-validate.js';
import { fix44Dictionary } from '../fix/fix44.js';

/**
 * The session settings QuickFIX's FIX 4.4 acceptance suite expects of the acceptor:
 * SenderCompID ISLD, TargetCompIDs TW44 and TW, sequence numbers reset on every Logon, full
 * dictionary validation and SendingTime within 120 s.
 */
export function acceptanceSessionConfig(dictionary: FixDictionary = fix44Dictionary()): Omit<SessionConfig, 'role'> {
  return {
    senderCompId: 'ISLD', targetCompId: 'TW44', acceptTargets: ['TW44', 'TW'], heartBtIntSec: 30,
    resetOnLogon: true, dictionary, maxLatencyMs: 120_000,
  };
}

/**
 * The acceptance suite's application: each NewOrderSingle is sent back unchanged (fields in
 * tag order, as QuickFIX re-sends a message), once per ClOrdID (a PossResend copy of an order
 * already seen is not echoed again), and so is a SecurityDefinition; any other application
 * message gets BusinessMessageReject "Unsupported Message Type". A test mode, not trading.
 */
export function reflectorApp(dictionary: FixDictionary): (session: FixSession) => (msg: FixMessage) => void {
  return (session) => {
    const seen = new Set<string>();
    return (msg) => {
      const type = msg.msgType;
      if (type === '3' || type === 'j') return; // the peer rejected something of ours
      if (type === 'D') {
        const id = msg.get(11) ?? '';
        const already = seen.has(id);
        seen.add(id);
        if (already && msg.get(97) === 'Y') return;
      }
      if (type === 'D' || type === 'd') {
        const { header, body } = canonicalContent(dictionary, msg);
        session.sendApp(type, body, header);
        return;
      }
      session.businessReject(msg, 3, 'Unsupported Message Type');
    };
  };
}

/** The paper venue's acceptor in the acceptance-suite configuration (`slipstream venue --acceptance-test`). */
export function acceptanceVenue(port: number, clock: SessionClock, host = '127.0.0.1', log?: (line: string) => void): FixAcceptor {
  const dictionary = fix44Dictionary();
  return new FixAcceptor({ port, host, clock, session: acceptanceSessionConfig(dictionary), app: reflectorApp(dictionary), ...(log !== undefined ? { log } : {}) });
}
