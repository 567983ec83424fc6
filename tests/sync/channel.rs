//! Channel rules: FIFO delivery, bounded and rendezvous waits, close, cancelled receivers.

use super::*;

#[test]
fn unbounded_channel_delivers_in_fifo_order() {
    let ex = Executor::new();
    let ch = Rc::new(Channel::unbounded());
    let rx = Rc::clone(&ch);
    let got = ex.spawn(async move {
        let mut got = Vec::new();
        while let Ok(v) = rx.recv().await {
            got.push(v);
        }
        got
    });
    for i in 0..5 {
        ch.try_send(i).unwrap();
    }
    ch.close();
    assert_eq!(ex.block_on(got), Ok(Ok(vec![0, 1, 2, 3, 4])));
}

#[test]
fn bounded_channel_makes_senders_wait_in_fifo_order() {
    let ex = Executor::new();
    let ch = Rc::new(Channel::bounded(1));
    ch.try_send(0).unwrap();
    assert!(matches!(ch.try_send(9), Err(TrySendError::Full(9))));
    for i in 1..4 {
        let ch = Rc::clone(&ch);
        ex.spawn(async move { ch.send(i).await.unwrap() });
    }
    ex.run_until_stalled();
    assert_eq!(ch.waiting(), (3, 0));
    let mut got = Vec::new();
    while let Ok(v) = ch.try_recv() {
        got.push(v);
        assert!(ch.len() <= 1, "the buffer never exceeds its capacity");
    }
    assert_eq!(got, vec![0, 1, 2, 3]);
}

#[test]
fn rendezvous_send_completes_only_when_a_receiver_takes_the_message() {
    let ex = Executor::new();
    let ch = Rc::new(Channel::bounded(0));
    let tx = Rc::clone(&ch);
    let sender = ex.spawn(async move { tx.send("hi").await });
    ex.run_until_stalled();
    assert!(!sender.is_finished());
    assert_eq!(ch.len(), 0, "a rendezvous channel buffers nothing");
    assert_eq!(ch.try_recv(), Ok("hi"));
    ex.run_until_stalled();
    assert!(sender.is_finished());
    // With a receiver already waiting, a send hands over at once.
    let rx = Rc::clone(&ch);
    let receiver = ex.spawn(async move { rx.recv().await });
    ex.run_until_stalled();
    assert_eq!(poll_once(ch.send("now")), Poll::Ready(Ok(())));
    assert_eq!(ex.block_on(receiver), Ok(Ok(Ok("now"))));
}

#[test]
fn closing_a_channel_fails_waiters_and_later_sends_but_drains_the_buffer() {
    let ex = Executor::new();
    let full = Rc::new(Channel::bounded(1));
    full.try_send(1).unwrap();
    let tx = Rc::clone(&full);
    let sender = ex.spawn(async move { tx.send(2).await });
    let empty: Rc<Channel<u8>> = Rc::new(Channel::unbounded());
    let rx = Rc::clone(&empty);
    let receiver = ex.spawn(async move { rx.recv().await });
    ex.run_until_stalled();
    full.close();
    empty.close();
    ex.run_until_stalled();
    assert!(matches!(
        ex.block_on(sender),
        Ok(Ok(Err(SendError::Closed(2))))
    ));
    assert_eq!(ex.block_on(receiver), Ok(Ok(Err(RecvError::Closed))));
    assert!(matches!(full.try_send(3), Err(TrySendError::Closed(3))));
    assert_eq!(
        full.try_recv(),
        Ok(1),
        "buffered messages survive the close"
    );
    assert_eq!(full.try_recv(), Err(TryRecvError::Closed));
}

#[test]
fn a_message_handed_to_a_cancelled_receiver_goes_to_the_next() {
    let ex = Executor::new();
    let ch = Rc::new(Channel::unbounded());
    let rx1 = Rc::clone(&ch);
    let first = ex.spawn(async move { rx1.recv().await });
    let rx2 = Rc::clone(&ch);
    let second = ex.spawn(async move { rx2.recv().await });
    ex.run_until_stalled();
    ch.try_send(5).unwrap(); // handed to the first receiver...
    first.cancel(); // ...which is dropped before it runs
    ex.run_until_stalled();
    assert_eq!(ex.block_on(second), Ok(Ok(Ok(5))));
    assert!(ch.is_empty());
}
