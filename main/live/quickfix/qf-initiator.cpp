// A QuickFIX (C++) initiator used as an independent counterparty in the tests: logs on to the
// acceptor given on the command line, sends one NewOrderSingle (market, buy 100 of SYMBOL),
// prints every ExecutionReport it receives as "EXEC <ExecType> <OrdStatus> <CumQty>", and logs out
// once the order is filled or after a timeout. QuickFIX itself checks BodyLength, CheckSum, the
// header and sequence numbers of everything we send it.
#include <quickfix/Application.h>
#include <quickfix/MessageStore.h>
#include <quickfix/MessageCracker.h>
#include <quickfix/Session.h>
#include <quickfix/SessionSettings.h>
#include <quickfix/SocketInitiator.h>
#include <quickfix/fix44/ExecutionReport.h>
#include <quickfix/fix44/NewOrderSingle.h>
#include <atomic>
#include <chrono>
#include <iostream>
#include <sstream>
#include <thread>

static std::atomic<bool> loggedOn{false}, filled{false};

struct App : FIX::Application, FIX::MessageCracker {
  std::string symbol;
  void onCreate(const FIX::SessionID&) {}
  void onLogon(const FIX::SessionID& id) {
    std::cout << "LOGON" << std::endl;
    loggedOn = true;
    FIX44::NewOrderSingle o(FIX::ClOrdID("QF1"), FIX::Side(FIX::Side_BUY), FIX::TransactTime(), FIX::OrdType(FIX::OrdType_MARKET));
    o.set(FIX::Symbol(symbol));
    o.set(FIX::OrderQty(100));
    FIX::Session::sendToTarget(o, id);
  }
  void onLogout(const FIX::SessionID&) { std::cout << "LOGOUT" << std::endl; }
  void toAdmin(FIX::Message&, const FIX::SessionID&) {}
  void toApp(FIX::Message&, const FIX::SessionID&) throw(FIX::DoNotSend) {}
  void fromAdmin(const FIX::Message& m, const FIX::SessionID&) throw(FIX::FieldNotFound, FIX::IncorrectDataFormat, FIX::IncorrectTagValue, FIX::RejectLogon) {
    if (m.getHeader().getField(FIX::FIELD::MsgType) == "3") std::cout << "REJECT " << m.toString() << std::endl;
  }
  void fromApp(const FIX::Message& m, const FIX::SessionID& id) throw(FIX::FieldNotFound, FIX::IncorrectDataFormat, FIX::IncorrectTagValue, FIX::UnsupportedMessageType) { crack(m, id); }
  void onMessage(const FIX44::ExecutionReport& r, const FIX::SessionID&) {
    FIX::ExecType et; FIX::OrdStatus os; FIX::CumQty cq;
    r.get(et); r.get(os); r.get(cq);
    std::cout << "EXEC " << et.getValue() << " " << os.getValue() << " " << cq.getValue() << std::endl;
    if (os.getValue() == FIX::OrdStatus_FILLED) filled = true;
  }
};

int main(int argc, char** argv) {
  if (argc < 5) { std::cerr << "usage: qf-initiator PORT SENDER TARGET SYMBOL" << std::endl; return 2; }
  std::stringstream cfg;
  cfg << "[DEFAULT]\nConnectionType=initiator\nReconnectInterval=1\nHeartBtInt=30\nStartTime=00:00:00\nEndTime=00:00:00\n"
      << "UseDataDictionary=N\nResetOnLogon=Y\nSocketConnectHost=127.0.0.1\nSocketConnectPort=" << argv[1] << "\n"
      << "[SESSION]\nBeginString=FIX.4.4\nSenderCompID=" << argv[2] << "\nTargetCompID=" << argv[3] << "\n";
  App app; app.symbol = argv[4];
  FIX::SessionSettings settings(cfg);
  FIX::MemoryStoreFactory store;
  FIX::SocketInitiator init(app, store, settings);
  init.start();
  // Up to 25 s: on a loaded CI machine the paper venue can take seconds to fill.
  for (int i = 0; i < 500 && !filled; i++) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  init.stop();
  std::cout << (filled ? "DONE" : "TIMEOUT") << std::endl;
  return filled ? 0 : 1;
}
