#include "util/bounded_queue.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

namespace recon::util {
namespace {

TEST(BoundedQueue, ValuesComeOutInOrderAndCloseEndsThem) {
  BoundedQueue<std::string> queue(4);
  ASSERT_TRUE(queue.Push("a"));
  ASSERT_TRUE(queue.Push("b"));
  ASSERT_TRUE(queue.Push("c"));
  queue.Close();
  EXPECT_EQ(queue.Pop(), "a");
  EXPECT_EQ(queue.Pop(), "b");
  EXPECT_EQ(queue.Pop(), "c");
  EXPECT_EQ(queue.Pop(), std::nullopt);
  EXPECT_EQ(queue.Pop(), std::nullopt);
}

TEST(BoundedQueue, AFullQueueHoldsTheProducerUntilAValueIsTaken) {
  BoundedQueue<int> queue(1);
  ASSERT_TRUE(queue.Push(1));
  std::atomic<bool> second_in{false};
  std::thread producer([&] {
    EXPECT_TRUE(queue.Push(2));
    second_in = true;
  });
  // However long this waits, a queue that holds one value must not take a second.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(second_in.load());
  EXPECT_EQ(queue.Pop(), 1);
  producer.join();
  EXPECT_TRUE(second_in.load());
  EXPECT_EQ(queue.Pop(), 2);
}

TEST(BoundedQueue, AbandonReleasesAWaitingProducerAndRefusesTheRest) {
  BoundedQueue<int> queue(1);
  ASSERT_TRUE(queue.Push(1));
  std::atomic<int> outcome{-1};
  std::thread producer([&] { outcome = queue.Push(2) ? 1 : 0; });
  queue.Abandon();
  producer.join();
  EXPECT_EQ(outcome.load(), 0);
  EXPECT_FALSE(queue.Push(3));
}

TEST(BoundedQueue, EveryValuePassesAQueueSmallerThanTheStream) {
  constexpr int kValues = 10000;
  BoundedQueue<int> queue(3);
  std::thread producer([&] {
    for (int i = 0; i < kValues; ++i) ASSERT_TRUE(queue.Push(i));
    queue.Close();
  });
  int expected = 0;
  while (auto v = queue.Pop()) EXPECT_EQ(*v, expected++);
  producer.join();
  EXPECT_EQ(expected, kValues);
}

}  // namespace
}  // namespace recon::util
