Given(/^a shop$/) { @items = 0; puts "shop opened" }
Given(/^a shop that fails in its hook$/) { }
When(/^I buy (\d+) items$/) { |n| @items += n.to_i }
Then(/^I have (\d+) items$/) { |n| raise RSpec::Expectations::ExpectationNotMetError, "have #{@items}, want #{n}" unless @items == n.to_i }
Then(/^it explodes$/) { raise IOError, "disk on fire" }
