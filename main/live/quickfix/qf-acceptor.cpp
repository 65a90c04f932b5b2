// A QuickFIX (C++) acceptor used as an independent counterparty in the tests: accepts one
// initiator on PORT (SenderCompID SENDER, client TARGET), answers every NewOrderSingle with an
// ExecutionReport New and then two fills (half, then the rest), every OrderCancelRequest with
// Canceled. Prints "READY" once listening and "REJECT <msg>" for any session reject it sends
// or receives; exits after the client logs out (or after 20 s).
#include <quickfix/Application.h>
#include <quickfix/MessageCracker.h>
#include <quickfix/MessageStore.h>
#include <quickfix/Session.h>
#include <quickfix/SessionSettings.h>
#include <quickfix/SocketAcceptor.h>
#include <quickfix/fix44/ExecutionReport.h>
#include <quickfix/fix44/NewOrderSingle.h>
#include <atomic>
#include <chrono>
#include <iostream>
#include <sstream>
#include <thread>

static std::atomic<bool> done{false};
static int execId = 0;

struct App : FIX::Application, FIX::MessageCracker {
  void onCreate(const FIX::SessionID&) {}
  void onLogon(const FIX::SessionID&) { std::cout << "LOGON" << std::endl; }
  void onLogout(const FIX::SessionID&) { std::cout << "LOGOUT" << std::endl; done = true; }
  void toAdmin(FIX::Message& m, const FIX::SessionID&) {
    if (m.getHeader().getField(FIX::FIELD::MsgType) == "3") std::cout << "REJECT " << m.toString() << std::endl;
  }
  void toApp(FIX::Message&, const FIX::SessionID&) throw(FIX::DoNotSend) {}
  void fromAdmin(const FIX::Message&, const FIX::SessionID&) throw(FIX::FieldNotFound, FIX::IncorrectDataFormat, FIX::IncorrectTagValue, FIX::RejectLogon) {}
  void fromApp(const FIX::Message& m, const FIX::SessionID& id) throw(FIX::FieldNotFound, FIX::IncorrectDataFormat, FIX::IncorrectTagValue, FIX::UnsupportedMessageType) { crack(m, id); }
  void report(const FIX44::NewOrderSingle& o, const FIX::SessionID& id, char execType, char status, double lastQty, double cum, double leaves) {
    FIX::ClOrdID cl; FIX::Side side; FIX::Symbol sym; FIX::OrderQty qty;
    o.get(cl); o.get(side); o.get(sym); o.get(qty);
    FIX44::ExecutionReport r(FIX::OrderID("Q-" + cl.getValue()), FIX::ExecID(std::to_string(++execId)), FIX::ExecType(execType), FIX::OrdStatus(status), side, FIX::LeavesQty(leaves), FIX::CumQty(cum), FIX::AvgPx(cum > 0 ? 100.25 : 0));
    r.set(cl); r.set(sym); r.set(qty);
    if (execType == FIX::ExecType_TRADE) { r.set(FIX::LastQty(lastQty)); r.set(FIX::LastPx(100.25)); }
    FIX::Session::sendToTarget(r, id);
  }
  void onMessage(const FIX44::NewOrderSingle& o, const FIX::SessionID& id) {
    FIX::OrderQty q; o.get(q);
    double half = (double)(long)(q.getValue() / 2);
    report(o, id, FIX::ExecType_NEW, FIX::OrdStatus_NEW, 0, 0, q.getValue());
    report(o, id, FIX::ExecType_TRADE, FIX::OrdStatus_PARTIALLY_FILLED, half, half, q.getValue() - half);
    report(o, id, FIX::ExecType_TRADE, FIX::OrdStatus_FILLED, q.getValue() - half, q.getValue(), 0);
  }
};

int main(int argc, char** argv) {
  if (argc < 4) { std::cerr << "usage: qf-acceptor PORT SENDER TARGET" << std::endl; return 2; }
  std::stringstream cfg;
  cfg << "[DEFAULT]\nConnectionType=acceptor\nStartTime=00:00:00\nEndTime=00:00:00\nUseDataDictionary=N\n"
      << "SocketAcceptPort=" << argv[1] << "\nSocketReuseAddress=Y\n"
      << "[SESSION]\nBeginString=FIX.4.4\nSenderCompID=" << argv[2] << "\nTargetCompID=" << argv[3] << "\n";
  App app;
  FIX::SessionSettings settings(cfg);
  FIX::MemoryStoreFactory store;
  FIX::SocketAcceptor acc(app, store, settings);
  acc.start();
  std::cout << "READY" << std::endl;
  for (int i = 0; i < 400 && !done; i++) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  acc.stop();
  return 0;
}
