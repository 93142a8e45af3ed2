# Cucumber 2.4 (Debian 12) matches regular expressions (cucumber expressions came with 3.0).
Given(/^an empty cart$/) do
  @cart = Hash.new(0)
end

When(/^I add (\d+) "([^"]*)"$/) do |count, item|
  @cart[item] += count.to_i
end

When(/^I add (\d+) items? named (.*)$/) do |count, item|
  @cart[item] += count.to_i
end

When(/^I add these items:$/) do |table|
  table.hashes.each { |row| @cart[row["item"]] += row["count"].to_i }
end

When(/^the payment service fails$/) do
  raise IOError, "payment service unreachable"
end

When(/^I check out later$/) do
  pending "checkout is not ready"
end

Then(/^the cart holds (\d+) items$/) do |n|
  total = @cart.values.sum
  raise "expected #{n} items, the cart holds #{total}" unless total == n.to_i
end

Then(/^the receipt says:$/) do |text|
  puts "receipt: #{text}"
  raise "wrong receipt" unless text == "#{@cart.values.sum} items"
end
